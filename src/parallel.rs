//! Independent jobs on the machine's cores: the classes of a plan are
//! searched apart (each class's search reads the spec, the catalog and
//! the network, and writes nothing shared), so they are spread over
//! threads and their results put back in order. The output does not depend
//! on the number of threads or on which thread ran which job.
//!
//! `MERIDIAN_THREADS=N` sets the number of threads (1: none spawned);
//! by default, the cores the system gives the process.
//!
//! What it must not do: share mutable state between jobs, or let the
//! order jobs finish in reach the results.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads [`map`] uses for `jobs` jobs: `MERIDIAN_THREADS` when
/// set to a positive number, else the available parallelism, and never
/// more than the jobs.
pub fn threads(jobs: usize) -> usize {
    let wanted = std::env::var("MERIDIAN_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    wanted.min(jobs).max(1)
}

/// `job(0), …, job(n − 1)`, in that order, run on [`threads`]`(n)`
/// threads: each takes the next job not yet taken, so a long job does not
/// hold up the others. A panicking job panics the caller.
pub fn map<T: Send>(n: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads(n);
    if threads <= 1 {
        return (0..n).map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(n));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let out = job(i);
                    done.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, out));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, out)| out).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order_whatever_finishes_first() {
        // Early jobs take longest, so they finish last on any thread count.
        let out = map(16, |i| {
            std::thread::sleep(std::time::Duration::from_millis((16 - i as u64) * 2));
            i * i
        });
        assert_eq!(out, (0..16).map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn no_jobs_no_results() {
        assert!(map(0, |i| i).is_empty());
        assert_eq!(threads(0), 1);
    }
}
