//! The one place meridian touches an output folder (`--out DIR`).
//!
//! meridian owns only the files it wrote: `DIR/.meridian-manifest.json`
//! lists each with its SHA-256 and the command that wrote it (its owner:
//! `plan`, `simulate`, `diff`). A run replaces or deletes a file only when
//! it is in the manifest and its content still matches; a file the user
//! created or edited, a symlink, or a file where a folder is needed is a
//! [`Conflict`], and with conflicts nothing is written. `force` overwrites
//! files meridian would write although they were edited or not written by
//! meridian, but never deletes a file meridian did not write and never
//! writes through a symlink (it refuses instead).
//!
//! Writing is all or nothing: every file is checked, then written into a
//! staging folder beside `DIR` (inside it when `DIR` is a mount point or
//! its parent is not writable), and
//! moved into place with `rename`, old versions moved aside into staging
//! first; a failing step undoes the moves done so far, so `DIR` ends as it
//! was. The manifest is moved in last.
//!
//! This module knows nothing of plans: it takes rendered
//! [`File`]s. The model never calls it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::render::File;

/// The manifest's name inside the output folder.
pub const MANIFEST: &str = ".meridian-manifest.json";

/// How one call treats the folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Overwrite edited or unknown files meridian would write (never
    /// symlinks, never deleting a file meridian did not write).
    pub force: bool,
    /// Delete this owner's files of an earlier run that are not written now
    /// (if unchanged since). `plan` prunes; `simulate` keeps its other runs.
    pub prune: bool,
}

/// What a successful write did, paths relative to the folder, sorted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Files created or replaced.
    pub written: Vec<String>,
    /// Files that already had the new content.
    pub unchanged: Vec<String>,
    /// Files of an earlier run no longer rendered, deleted.
    pub removed: Vec<String>,
    /// Files overwritten under `force` though edited or not meridian's.
    pub forced: Vec<String>,
    /// Files no longer rendered but edited, kept under `force` and dropped
    /// from the manifest.
    pub kept: Vec<String>,
}

/// Why meridian will not touch a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A file meridian would write exists and is not in the manifest.
    NotWrittenByMeridian,
    /// A file meridian would write was edited since meridian wrote it.
    Edited,
    /// A file meridian wrote and no longer renders was edited since: it
    /// would be deleted.
    EditedNoLongerRendered,
    /// A symlink on the way: meridian never follows one.
    Symlink,
    /// A folder where meridian would write a file.
    Folder,
    /// A file (or something else) where meridian needs a folder.
    FileWhereFolderNeeded,
    /// Neither a file nor a folder (a socket, a device…).
    NotARegularFile,
}

impl Why {
    /// Whether `force` overrides it.
    pub fn forcible(self) -> bool {
        matches!(
            self,
            Why::NotWrittenByMeridian | Why::Edited | Why::EditedNoLongerRendered
        )
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Why::NotWrittenByMeridian => "not written by meridian",
            Why::Edited => "edited since meridian wrote it",
            Why::EditedNoLongerRendered => {
                "no longer rendered, but edited since meridian wrote it (it would be deleted)"
            }
            Why::Symlink => "is a symlink (meridian never writes through one)",
            Why::Folder => "is a folder where meridian writes a file",
            Why::FileWhereFolderNeeded => "is a file where meridian needs a folder",
            Why::NotARegularFile => "is not a regular file",
        })
    }
}

/// A path meridian will not touch, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Relative to the output folder.
    pub path: String,
    pub why: Why,
}

/// Why nothing (or, for [`Error::Rollback`], not everything) was done.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Files in the way; nothing was written.
    #[error("{}: {} in the way; nothing was written", dir.display(), plural(conflicts.len(), "file"))]
    Conflicts {
        dir: PathBuf,
        conflicts: Vec<Conflict>,
    },
    /// The output folder is not a folder.
    #[error("{}: not a folder; nothing was written", .0.display())]
    NotAFolder(PathBuf),
    /// The manifest cannot be read.
    #[error("{}: not a manifest meridian can read ({reason}); nothing was written", path.display())]
    Manifest { path: PathBuf, reason: String },
    /// A step failed; the folder was left as it was.
    #[error("cannot {action} {}: {source}; the folder was left as it was", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// A step failed and undoing it failed too: what was set aside is kept
    /// in `staging`.
    #[error(
        "cannot {action} {}: {source}; undoing it failed too ({undo}); the files set aside are in {}",
        path.display(),
        staging.display()
    )]
    Rollback {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
        undo: String,
        staging: PathBuf,
    },
    /// A file to write has a path that is not plainly inside the folder
    /// (meridian's bug).
    #[error("{0:?} is not a relative path inside the output folder")]
    BadPath(String),
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The manifest as stored: entries sorted by path.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    meridian_manifest: u32,
    files: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    sha256: String,
    owner: String,
}

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `files` (paths relative to `dir`, `/`-separated) into `dir` for
/// `owner`, all or nothing; see the module doc for the rules.
pub fn write(dir: &Path, owner: &str, files: &[File], options: Options) -> Result<Report, Error> {
    write_with(dir, owner, files, options, None)
}

/// [`write`], failing the move numbered `fault` (tests of the rollback).
fn write_with(
    dir: &Path,
    owner: &str,
    files: &[File],
    options: Options,
    fault: Option<usize>,
) -> Result<Report, Error> {
    check_paths(files)?;
    let work = check(dir, owner, files, options)?;
    let nothing_to_do = work.place.is_empty()
        && work.remove.is_empty()
        && work.old_manifest.as_deref() == Some(work.manifest.as_bytes());
    if nothing_to_do {
        return Ok(work.report);
    }
    let created = create_folder(dir)?;
    let result = apply(dir, &work, fault);
    if result.is_err() {
        for folder in created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
    result.map(|()| work.report)
}

/// Every path relative, `/`-separated, without `.`/`..`/empty parts, not
/// the manifest, each once, none inside another.
fn check_paths(files: &[File]) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for f in files {
        let bad = f.path.is_empty()
            || f.path == MANIFEST
            || f.path.contains('\\')
            || f.path.contains('\0')
            || f.path
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..");
        if bad || !seen.insert(f.path.as_str()) {
            return Err(Error::BadPath(f.path.clone()));
        }
    }
    for f in files {
        let mut at = 0;
        while let Some(i) = f.path[at..].find('/') {
            at += i;
            if seen.contains(&f.path[..at]) {
                return Err(Error::BadPath(f.path.clone()));
            }
            at += 1;
        }
    }
    Ok(())
}

/// What is at a relative path, never following a symlink.
enum Found {
    Missing,
    File(Vec<u8>),
    /// Something in the way at this prefix of the path.
    Blocked(String, Why),
}

fn look(dir: &Path, rel: &str) -> Result<Found, Error> {
    let parts: Vec<&str> = rel.split('/').collect();
    let mut at = dir.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        let prefix = || parts[..=i].join("/");
        let meta = match fs::symlink_metadata(&at) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
            Err(e) => return Err(io_error("read", &at, e)),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Ok(Found::Blocked(prefix(), Why::Symlink));
        }
        if !last {
            if !kind.is_dir() {
                return Ok(Found::Blocked(prefix(), Why::FileWhereFolderNeeded));
            }
        } else if kind.is_dir() {
            return Ok(Found::Blocked(prefix(), Why::Folder));
        } else if !kind.is_file() {
            return Ok(Found::Blocked(prefix(), Why::NotARegularFile));
        }
    }
    fs::read(&at)
        .map(Found::File)
        .map_err(|e| io_error("read", &at, e))
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The outcome of the check phase: what to move, and the new manifest.
struct Work {
    /// Files to place: (relative path, text, whether an old version exists).
    place: Vec<(String, String, bool)>,
    /// Files of an earlier run to delete.
    remove: Vec<String>,
    manifest: String,
    /// The manifest on disk, if any.
    old_manifest: Option<Vec<u8>>,
    report: Report,
}

type Manifest = (BTreeMap<String, Entry>, Option<Vec<u8>>);

fn read_manifest(dir: &Path) -> Result<Manifest, Error> {
    let path = dir.join(MANIFEST);
    let text = match look(dir, MANIFEST)? {
        Found::Missing => return Ok((BTreeMap::new(), None)),
        Found::Blocked(p, why) => {
            return Err(Error::Conflicts {
                dir: dir.to_path_buf(),
                conflicts: vec![Conflict { path: p, why }],
            });
        }
        Found::File(bytes) => bytes,
    };
    let bad = |reason: String| Error::Manifest {
        path: path.clone(),
        reason,
    };
    let stored: Stored = serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
    if stored.meridian_manifest != 1 {
        return Err(bad(format!(
            "version {} is newer than this meridian",
            stored.meridian_manifest
        )));
    }
    let mut entries = BTreeMap::new();
    for e in stored.files {
        let probe = [File {
            path: e.path.clone(),
            text: String::new(),
        }];
        if check_paths(&probe).is_err() {
            return Err(bad(format!("{:?} is not a path inside the folder", e.path)));
        }
        entries.insert(e.path.clone(), e);
    }
    Ok((entries, Some(text)))
}

fn check(dir: &Path, owner: &str, files: &[File], options: Options) -> Result<Work, Error> {
    match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return Err(Error::NotAFolder(dir.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error("read", dir, e)),
    }
    let (mut entries, old_manifest) = read_manifest(dir)?;
    let mut conflicts: BTreeMap<String, Why> = BTreeMap::new();
    let mut report = Report::default();
    let mut place = Vec::new();
    let mut sorted: Vec<&File> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in &sorted {
        let hash = sha256(f.text.as_bytes());
        let old = match look(dir, &f.path)? {
            Found::Missing => false,
            Found::Blocked(p, why) => {
                conflicts.entry(p).or_insert(why);
                continue;
            }
            Found::File(bytes) if bytes == f.text.as_bytes() => {
                report.unchanged.push(f.path.clone());
                entries.insert(f.path.clone(), entry(&f.path, hash, owner));
                continue;
            }
            Found::File(bytes) => {
                let why = match entries.get(&f.path) {
                    None => Some(Why::NotWrittenByMeridian),
                    Some(e) if e.sha256 != sha256(&bytes) => Some(Why::Edited),
                    Some(_) => None,
                };
                if let Some(why) = why {
                    if !options.force {
                        conflicts.insert(f.path.clone(), why);
                        continue;
                    }
                    report.forced.push(f.path.clone());
                }
                true
            }
        };
        report.written.push(f.path.clone());
        entries.insert(f.path.clone(), entry(&f.path, hash, owner));
        place.push((f.path.clone(), f.text.clone(), old));
    }
    let fresh: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut remove = Vec::new();
    let others: Vec<Entry> = entries
        .values()
        .filter(|e| !fresh.contains(e.path.as_str()))
        .cloned()
        .collect();
    for e in others {
        let stale = options.prune && e.owner == owner;
        match look(dir, &e.path)? {
            Found::Missing => {
                entries.remove(&e.path);
            }
            Found::File(bytes) if stale && sha256(&bytes) == e.sha256 => {
                entries.remove(&e.path);
                report.removed.push(e.path.clone());
                remove.push(e.path.clone());
            }
            Found::File(_) | Found::Blocked(..) if stale => {
                if options.force {
                    entries.remove(&e.path);
                    report.kept.push(e.path.clone());
                } else {
                    conflicts.insert(e.path.clone(), Why::EditedNoLongerRendered);
                }
            }
            _ => {}
        }
    }
    if !conflicts.is_empty() {
        return Err(Error::Conflicts {
            dir: dir.to_path_buf(),
            conflicts: conflicts
                .into_iter()
                .map(|(path, why)| Conflict { path, why })
                .collect(),
        });
    }
    let stored = Stored {
        meridian_manifest: 1,
        files: entries.into_values().collect(),
    };
    let manifest = serde_json::to_string_pretty(&stored).expect("a manifest serializes") + "\n";
    Ok(Work {
        place,
        remove,
        manifest,
        old_manifest,
        report,
    })
}

fn entry(path: &str, sha256: String, owner: &str) -> Entry {
    Entry {
        path: path.to_string(),
        sha256,
        owner: owner.to_string(),
    }
}

/// Creates `dir` and its missing ancestors; returns those it created,
/// outermost first.
fn create_folder(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(p) = at {
        if p.as_os_str().is_empty() || fs::symlink_metadata(p).is_ok() {
            break;
        }
        missing.push(p.to_path_buf());
        at = p.parent();
    }
    missing.reverse();
    for (i, p) in missing.iter().enumerate() {
        if let Err(e) = fs::create_dir(p) {
            for q in missing[..i].iter().rev() {
                let _ = fs::remove_dir(q);
            }
            return Err(io_error("create", p, e));
        }
    }
    Ok(missing)
}

/// The staging folder: beside `dir` on the same filesystem, or inside it
/// when `dir` is a mount point (a rename cannot cross filesystems).
fn make_staging(dir: &Path) -> Result<PathBuf, Error> {
    let real = fs::canonicalize(dir).map_err(|e| io_error("read", dir, e))?;
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let beside = real
        .parent()
        .filter(|parent| same_filesystem(parent, &real))
        .map(Path::to_path_buf);
    if let Some(parent) = beside {
        match staging_in(&parent, &format!(".{name}.meridian-staging")) {
            Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::PermissionDenied => {}
            made => return made,
        }
    }
    // The parent is not writable, or another filesystem: inside, then.
    staging_in(&real, ".meridian-staging")
}

fn staging_in(base: &Path, stem: &str) -> Result<PathBuf, Error> {
    let pid = std::process::id();
    for n in 0.. {
        let path = base.join(format!("{stem}-{pid}-{n}"));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => continue,
            Err(e) => return Err(io_error("create", &path, e)),
        }
    }
    unreachable!("the loop returns")
}

#[cfg(unix)]
fn same_filesystem(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_filesystem(_: &Path, _: &Path) -> bool {
    true
}

/// A step done, and how to undo it.
enum Done {
    /// A folder created inside `dir`.
    Created(PathBuf),
    /// Renamed from the first path to the second.
    Moved(PathBuf, PathBuf),
}

/// Stages the files, then moves them into place; on failure undoes every
/// move. The staging folder is removed unless undoing failed.
fn apply(dir: &Path, work: &Work, fault: Option<usize>) -> Result<(), Error> {
    let staging = make_staging(dir)?;
    let mut done = Vec::new();
    let result = stage_and_move(dir, &staging, work, fault, &mut done);
    let Err((action, path, source)) = result else {
        let _ = fs::remove_dir_all(&staging);
        return Ok(());
    };
    for step in done.iter().rev() {
        let undone = match step {
            Done::Created(p) => fs::remove_dir(p).map_err(|e| (p, e)),
            Done::Moved(from, to) => fs::rename(to, from).map_err(|e| (to, e)),
        };
        if let Err((p, e)) = undone {
            return Err(Error::Rollback {
                action,
                path,
                source,
                undo: format!("{}: {e}", p.display()),
                staging,
            });
        }
    }
    let _ = fs::remove_dir_all(&staging);
    Err(Error::Io {
        action,
        path,
        source,
    })
}

type Failed = (&'static str, PathBuf, io::Error);

fn stage_and_move(
    dir: &Path,
    staging: &Path,
    work: &Work,
    fault: Option<usize>,
    done: &mut Vec<Done>,
) -> Result<(), Failed> {
    // Staged under numbered names, so a long name fails only when moved.
    for (i, (_, text, _)) in work.place.iter().enumerate() {
        let path = staging.join(format!("new-{i}"));
        fs::write(&path, text).map_err(|e| ("write", path, e))?;
    }
    let manifest = staging.join("manifest");
    fs::write(&manifest, &work.manifest).map_err(|e| ("write", manifest.clone(), e))?;
    let mut moves = 0;
    let mut rename = |from: PathBuf, to: PathBuf, done: &mut Vec<Done>| {
        moves += 1;
        let result = if fault == Some(moves) {
            Err(io::Error::other("injected failure"))
        } else {
            fs::rename(&from, &to)
        };
        result.map_err(|e| ("write", to.clone(), e))?;
        done.push(Done::Moved(from, to));
        Ok(())
    };
    for (i, (rel, _, old)) in work.place.iter().enumerate() {
        let target = dir.join(rel);
        let mut folder = dir.to_path_buf();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            folder.push(part);
            match fs::create_dir(&folder) {
                Ok(()) => done.push(Done::Created(folder.clone())),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(("create", folder, e)),
            }
        }
        if *old {
            rename(target.clone(), staging.join(format!("old-{i}")), done)?;
        }
        rename(staging.join(format!("new-{i}")), target, done)?;
    }
    for (i, rel) in work.remove.iter().enumerate() {
        rename(dir.join(rel), staging.join(format!("stale-{i}")), done)?;
    }
    let target = dir.join(MANIFEST);
    if work.old_manifest.is_some() {
        rename(target.clone(), staging.join("old-manifest"), done)?;
    }
    rename(manifest, target, done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("meridian-outdir-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(path: &str, text: &str) -> File {
        File {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Every path under `dir` with its content (or `->target`, `/`), sorted.
    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(at) = stack.pop() {
            for e in fs::read_dir(&at).unwrap() {
                let path = e.unwrap().path();
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                let meta = fs::symlink_metadata(&path).unwrap();
                if meta.file_type().is_symlink() {
                    out.push((
                        rel,
                        format!("->{}", fs::read_link(&path).unwrap().display()),
                    ));
                } else if meta.is_dir() {
                    out.push((rel, "/".into()));
                    stack.push(path);
                } else {
                    out.push((rel, fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    const PLAN: Options = Options {
        force: false,
        prune: true,
    };

    fn plan_files() -> Vec<File> {
        vec![
            file("plan.json", "{}\n"),
            file("report/a.svg", "<svg/>"),
            file("terraform/versions.tf", "terraform {}\n"),
            file("terraform/data-x.tf", "# x\n"),
        ]
    }

    #[test]
    fn writes_files_and_a_sorted_manifest() {
        let dir = scratch("fresh").join("out/deeper");
        let report = write(&dir, "plan", &plan_files(), PLAN).unwrap();
        assert_eq!(report.written.len(), 4);
        assert_eq!(
            fs::read_to_string(dir.join("report/a.svg")).unwrap(),
            "<svg/>"
        );
        let manifest = fs::read_to_string(dir.join(MANIFEST)).unwrap();
        let stored: Stored = serde_json::from_str(&manifest).unwrap();
        let paths: Vec<&str> = stored.files.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "plan.json",
                "report/a.svg",
                "terraform/data-x.tf",
                "terraform/versions.tf"
            ]
        );
        assert_eq!(stored.files[0].sha256, sha256(b"{}\n"));
        assert_eq!(stored.files[0].owner, "plan");
        // The same files again: nothing to do, the same bytes.
        let before = listing(&dir);
        let again = write(&dir, "plan", &plan_files(), PLAN).unwrap();
        assert_eq!(again.unchanged.len(), 4);
        assert!(again.written.is_empty());
        assert_eq!(listing(&dir), before);
        // No staging folder is left beside it.
        let beside: Vec<_> = fs::read_dir(dir.parent().unwrap()).unwrap().collect();
        assert_eq!(beside.len(), 1);
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn stale_files_go_through_the_manifest_only() {
        let dir = scratch("stale");
        write(&dir, "plan", &plan_files(), PLAN).unwrap();
        fs::write(dir.join("terraform/main.tf"), "# mine\n").unwrap();
        write(
            &dir,
            "simulate",
            &[file("simulate-a.md", "a")],
            Options::default(),
        )
        .unwrap();
        let next = vec![
            file("plan.json", "{\"v\":2}\n"),
            file("terraform/versions.tf", "terraform {}\n"),
        ];
        let report = write(&dir, "plan", &next, PLAN).unwrap();
        assert_eq!(report.removed, ["report/a.svg", "terraform/data-x.tf"]);
        assert_eq!(report.written, ["plan.json"]);
        assert!(!dir.join("report/a.svg").exists());
        assert_eq!(
            fs::read_to_string(dir.join("terraform/main.tf")).unwrap(),
            "# mine\n"
        );
        assert!(
            dir.join("simulate-a.md").exists(),
            "another owner's file stays"
        );
        // simulate does not prune its earlier runs.
        write(
            &dir,
            "simulate",
            &[file("simulate-b.md", "b")],
            Options::default(),
        )
        .unwrap();
        assert!(dir.join("simulate-a.md").exists());
    }

    #[test]
    fn edited_unknown_and_symlinked_files_are_conflicts() {
        let dir = scratch("conflicts");
        write(&dir, "plan", &plan_files(), PLAN).unwrap();
        fs::write(dir.join("plan.json"), "{\"edited\":1}\n").unwrap();
        fs::write(dir.join("terraform/kms.tf"), "# mine\n").unwrap();
        let outside = scratch("conflicts-outside").join("outside.tf");
        fs::write(&outside, "# outside\n").unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("terraform/dns.tf")).unwrap();
        let mut next = plan_files();
        next[0].text = "{\"v\":2}\n".into();
        next.push(file("terraform/kms.tf", "# kms\n"));
        next.push(file("terraform/dns.tf", "# dns\n"));
        let before = listing(&dir);
        let Err(Error::Conflicts { conflicts, .. }) = write(&dir, "plan", &next, PLAN) else {
            panic!("conflicts expected");
        };
        let got: Vec<(&str, Why)> = conflicts.iter().map(|c| (c.path.as_str(), c.why)).collect();
        assert_eq!(
            got,
            [
                ("plan.json", Why::Edited),
                ("terraform/dns.tf", Why::Symlink),
                ("terraform/kms.tf", Why::NotWrittenByMeridian),
            ]
        );
        assert_eq!(listing(&dir), before);
        // --force overwrites the edited and unknown files, not the symlink.
        let force = Options {
            force: true,
            prune: true,
        };
        let Err(Error::Conflicts { conflicts, .. }) = write(&dir, "plan", &next, force) else {
            panic!("the symlink is still refused");
        };
        assert_eq!(conflicts.len(), 1);
        assert_eq!(listing(&dir), before);
        fs::remove_file(dir.join("terraform/dns.tf")).unwrap();
        let report = write(&dir, "plan", &next, force).unwrap();
        assert_eq!(report.forced, ["plan.json", "terraform/kms.tf"]);
        assert_eq!(
            fs::read_to_string(dir.join("terraform/kms.tf")).unwrap(),
            "# kms\n"
        );
        assert_eq!(fs::read_to_string(&outside).unwrap(), "# outside\n");
    }

    #[test]
    fn a_symlinked_folder_or_a_file_in_place_of_a_folder_is_refused() {
        let dir = scratch("folders");
        let elsewhere = scratch("folders-elsewhere");
        std::os::unix::fs::symlink(&elsewhere, dir.join("terraform")).unwrap();
        fs::write(dir.join("report"), "a file").unwrap();
        let Err(Error::Conflicts { conflicts, .. }) = write(&dir, "plan", &plan_files(), PLAN)
        else {
            panic!("conflicts expected");
        };
        let got: Vec<(&str, Why)> = conflicts.iter().map(|c| (c.path.as_str(), c.why)).collect();
        assert_eq!(
            got,
            [
                ("report", Why::FileWhereFolderNeeded),
                ("terraform", Why::Symlink)
            ]
        );
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(!dir.join("plan.json").exists());
    }

    #[test]
    fn an_edited_stale_file_is_a_conflict_and_kept_under_force() {
        let dir = scratch("edited-stale");
        write(&dir, "plan", &plan_files(), PLAN).unwrap();
        fs::write(dir.join("terraform/data-x.tf"), "# my change\n").unwrap();
        let next = &plan_files()[..3];
        let Err(Error::Conflicts { conflicts, .. }) = write(&dir, "plan", next, PLAN) else {
            panic!("conflict expected");
        };
        assert_eq!(conflicts[0].why, Why::EditedNoLongerRendered);
        let force = Options {
            force: true,
            prune: true,
        };
        let report = write(&dir, "plan", next, force).unwrap();
        assert_eq!(report.kept, ["terraform/data-x.tf"]);
        assert!(dir.join("terraform/data-x.tf").exists());
        // It is no longer meridian's: the next run leaves it alone.
        assert!(write(&dir, "plan", next, PLAN).is_ok());
        assert!(dir.join("terraform/data-x.tf").exists());
    }

    #[test]
    fn a_failure_midway_leaves_the_folder_as_it_was() {
        let dir = scratch("rollback");
        write(&dir, "plan", &plan_files(), PLAN).unwrap();
        fs::write(dir.join("terraform/main.tf"), "# mine\n").unwrap();
        let before = listing(&dir);
        let mut next: Vec<File> = plan_files()
            .into_iter()
            .map(|f| file(&f.path, &format!("{}# v2\n", f.text)))
            .filter(|f| f.path != "report/a.svg")
            .collect();
        next.push(file("new/folder/b.md", "b"));
        // 3 files replaced (2 moves each), 1 new, 1 stale, the manifest (2).
        for fault in 1..=10 {
            let err = write_with(&dir, "plan", &next, PLAN, Some(fault));
            assert!(
                matches!(err, Err(Error::Io { .. })),
                "fault {fault}: {err:?}"
            );
            assert_eq!(listing(&dir), before, "fault {fault}");
        }
        assert!(write_with(&dir, "plan", &next, PLAN, Some(11)).is_ok());
        assert_ne!(listing(&dir), before);
    }

    #[test]
    fn a_name_too_long_fails_before_or_while_moving_and_changes_nothing() {
        let root = scratch("long");
        let dir = root.join("out");
        let mut files = plan_files();
        files.push(file(&format!("terraform/data-{}.tf", "x".repeat(300)), "#"));
        // A fresh folder: the failure comes while moving; the folder goes.
        assert!(matches!(
            write(&dir, "plan", &files, PLAN),
            Err(Error::Io { .. })
        ));
        assert!(!dir.exists());
        assert_eq!(fs::read_dir(&root).unwrap().count(), 0, "no staging left");
        // An existing folder: found while checking.
        write(&dir, "plan", &plan_files(), PLAN).unwrap();
        let before = listing(&dir);
        assert!(write(&dir, "plan", &files, PLAN).is_err());
        assert_eq!(listing(&dir), before);
    }

    #[test]
    fn bad_paths_and_manifests_are_refused() {
        let dir = scratch("bad");
        for path in ["", "../x", "/etc/x", "a//b", "./a", MANIFEST] {
            assert!(
                matches!(
                    write(&dir, "plan", &[file(path, "")], PLAN),
                    Err(Error::BadPath(_))
                ),
                "{path}"
            );
        }
        let nested = [file("a", ""), file("a/b", "")];
        assert!(matches!(
            write(&dir, "plan", &nested, PLAN),
            Err(Error::BadPath(_))
        ));
        fs::write(
            dir.join(MANIFEST),
            r#"{"meridian_manifest":1,"files":[{"path":"../victim","sha256":"","owner":"plan"}]}"#,
        )
        .unwrap();
        assert!(matches!(
            write(&dir, "plan", &[file("a", "")], PLAN),
            Err(Error::Manifest { .. })
        ));
        let file_dir = dir.join("a-file");
        fs::write(&file_dir, "").unwrap();
        assert!(matches!(
            write(&file_dir, "plan", &[file("a", "")], PLAN),
            Err(Error::NotAFolder(_))
        ));
    }
}
