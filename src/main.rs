//! The `meridian` command line: parses arguments, reads files, runs the
//! pipeline, prints or writes outputs, and maps results to exit codes
//! (0 every class meets its SLOs; 1 a plan was produced but some class
//! cannot; 2 bad input or usage). Errors are rendered here, with miette.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use miette::{GraphicalReportHandler, GraphicalTheme};

use meridian::catalog::{self, Catalog};
use meridian::diagnostics::{SourceErrors, SourceFile};
use meridian::outdir;
use meridian::plan::Plan;
use meridian::render;

/// Plans multi-region deployments: the cheapest topology per data class
/// that meets every SLO, with cost, RPO, RTO, availability and latency.
#[derive(Parser)]
#[command(name = "meridian", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum CatalogPart {
    Regions,
    Engines,
    Prices,
}

#[derive(Subcommand)]
enum Command {
    /// Plan every data class of a spec.
    Plan {
        /// The spec file (TOML).
        spec: PathBuf,
        /// A folder of catalog files replacing the embedded ones.
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// Write plan.json, the design report (report.md, report.html) and
        /// the Terraform module (terraform/) into this folder, with a
        /// manifest of them (.meridian-manifest.json): meridian replaces or
        /// deletes only files it wrote that nobody edited since.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite files in --out that meridian writes although you edited
        /// them or meridian did not write them (it never deletes a file it
        /// did not write, nor writes through a symlink).
        #[arg(long, requires = "out")]
        force: bool,
        /// A folder of templates replacing the embedded ones, file by file
        /// (same names as templates/terraform/aws/).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Measure the design a Terraform module already runs against the
    /// spec's SLOs, beside the design meridian would choose.
    Assess {
        /// The spec file (TOML).
        spec: PathBuf,
        /// The Terraform root module (a folder of .tf files; variables from
        /// defaults, terraform.tfvars and *.auto.tfvars).
        #[arg(
            long,
            value_name = "DIR",
            required_unless_present = "terraform_plan",
            conflicts_with = "terraform_plan"
        )]
        terraform: Option<PathBuf>,
        /// Instead of --terraform: the JSON of `terraform show -json
        /// PLANFILE`, for modules that need Terraform to evaluate them.
        #[arg(long, value_name = "FILE")]
        terraform_plan: Option<PathBuf>,
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// Write the current design's plan.json and report, meridian's
        /// plan (proposed.json) and the assessment (assess.json,
        /// assess.md) into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite those files in --out even if you edited them.
        #[arg(long, requires = "out")]
        force: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Every candidate family considered for one class, and why each lost.
    Explain {
        spec: PathBuf,
        #[arg(long)]
        class: String,
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// What losing regions does to the plan: downtime, data lost, latency,
    /// services and cost (--fail), or a Monte Carlo year of outages (--year).
    Simulate {
        spec: PathBuf,
        /// A region that goes down (repeat for several at once).
        #[arg(long, value_name = "REGION", required_unless_present = "year")]
        fail: Vec<String>,
        /// Simulate years of outages drawn from the catalog instead.
        #[arg(long, conflicts_with = "fail")]
        year: bool,
        /// Seed of the Monte Carlo (same seed, same result).
        #[arg(long, default_value_t = 1, requires = "year")]
        seed: u64,
        /// Simulated years.
        #[arg(long, default_value_t = 10_000, requires = "year")]
        trials: u32,
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// Write the simulation (JSON and Markdown) into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite those files in --out even if you edited them.
        #[arg(long, requires = "out")]
        force: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// What changed between two plans (plan.json files), for pull requests.
    Diff {
        /// The plan before the change.
        old: PathBuf,
        /// The plan after the change.
        new: PathBuf,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Exit 1 when the total monthly cost rises by more than PCT percent.
        #[arg(long, value_name = "PCT")]
        fail_on_cost_increase: Option<f64>,
        /// Exit 1 when any class's RPO gets longer.
        #[arg(long)]
        fail_on_rpo_regression: bool,
        /// Exit 1 when any class's RTO gets longer.
        #[arg(long)]
        fail_on_rto_regression: bool,
        /// Exit 1 when any class's availability drops.
        #[arg(long)]
        fail_on_availability_regression: bool,
        /// Write diff.json and diff.md into this folder (the report folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite those files in --out even if you edited them.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Check a spec without planning.
    Validate {
        spec: PathBuf,
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Show the catalog: regions, engines or prices.
    Catalog {
        #[arg(value_enum, default_value = "regions")]
        part: CatalogPart,
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Print the spec's JSON Schema, for editors (taplo, Even Better TOML).
    Schema {
        /// The catalog whose region, engine and instance names the schema lists.
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Print shell completions for meridian.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Failures, each with its exit code.
enum Failure {
    Input(Box<SourceErrors>),
    Usage(String),
    Io(String),
    Bug(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(failure) => {
            let message = match failure {
                Failure::Input(errors) => render_errors(&errors),
                Failure::Usage(m) => format!("error: {m}\n"),
                Failure::Io(m) => format!("error: {m}\n"),
                Failure::Bug(m) => {
                    format!("error: internal error in meridian (please report it): {m}\n")
                }
            };
            eprint!("{message}");
            ExitCode::from(2)
        }
    }
}

fn render_errors(errors: &SourceErrors) -> String {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_wrap_lines(false);
    let mut out = String::new();
    for error in &errors.errors {
        let _ = handler.render_report(&mut out, error);
        out.push('\n');
    }
    let n = errors.errors.len();
    out.push_str(&format!(
        "error: {n} problem{} in {}; nothing was written\n",
        if n == 1 { "" } else { "s" },
        errors.file
    ));
    out
}

fn load_catalog(dir: Option<&Path>) -> Result<Catalog, Failure> {
    match dir {
        Some(d) => catalog::load_dir(d),
        None => catalog::load_embedded(),
    }
    .map_err(|e| Failure::Input(Box::new(e)))
}

/// The catalog and the spec read against it. Only the clouds the spec
/// names (and the default) are read when the spec is valid against them:
/// the other clouds' files cost time and change no plan (and a catalog
/// folder's many regions in one cloud do not count against another's).
/// An invalid spec is read again against the whole catalog, so its errors
/// name what the other clouds hold (a region of a cloud not listed).
fn catalog_and_spec(
    dir: Option<&Path>,
    spec: &Path,
) -> Result<(Catalog, meridian::spec::Spec), Failure> {
    let file = read_spec(spec)?;
    let clouds: Vec<String> = toml::from_str::<toml::Table>(&file.text)
        .ok()
        .and_then(|t| t.get("clouds").and_then(|c| c.as_array()).cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    let narrowed = match dir {
        Some(d) => catalog::load_dir_clouds(d, Some(&clouds)),
        None => catalog::load_embedded_clouds(&clouds),
    };
    if let Ok(catalog) = narrowed
        && let Ok(parsed) = meridian::spec::parse(&file, &catalog)
    {
        return Ok((catalog, parsed));
    }
    let catalog = load_catalog(dir)?;
    let parsed = meridian::spec::parse(&file, &catalog).map_err(|e| Failure::Input(Box::new(e)))?;
    Ok((catalog, parsed))
}

fn read_spec(path: &Path) -> Result<SourceFile, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read spec {}: {e}", path.display())))?;
    Ok(SourceFile::new(path.display().to_string(), text))
}

/// Reads a plan.json written by `meridian plan`; a bad file is reported
/// with its line and column.
fn read_plan_json(path: &Path) -> Result<meridian::diff::PlanView, Failure> {
    let file = read_spec(path)?;
    serde_json::from_str(&file.text).map_err(|e| {
        let offset = offset_of(&file.text, e.line(), e.column());
        let error = file
            .error(offset..offset, format!("not a meridian plan: {e}"))
            .label("here")
            .help("give two plan.json files written by `meridian plan --out DIR` (or `--format json`)");
        Failure::Input(Box::new(SourceErrors::new(file.name.clone(), vec![error])))
    })
}

/// Byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Writes rendered files into `dir` for `owner` through [`outdir`]: only
/// files meridian wrote and nobody edited since are replaced (or, for
/// `plan`, deleted when no longer rendered), all or nothing.
fn write_out(
    dir: &Path,
    owner: &str,
    files: &[render::File],
    force: bool,
    prune: bool,
) -> Result<(), Failure> {
    let options = outdir::Options { force, prune };
    let report = outdir::write(dir, owner, files, options).map_err(|e| match e {
        outdir::Error::Conflicts { dir, conflicts } => Failure::Io(conflict_message(&dir, &conflicts)),
        outdir::Error::BadPath(_) => Failure::Bug(e.to_string()),
        outdir::Error::Manifest { .. } => Failure::Io(format!(
            "{e}\nhelp: move {} away (every file then counts as not written by meridian) and pass --force",
            outdir::MANIFEST
        )),
        _ => Failure::Io(e.to_string()),
    })?;
    let note = |what: &str, paths: &[String]| {
        if !paths.is_empty() {
            eprintln!("note: {what} in {}: {}", dir.display(), paths.join(", "));
        }
    };
    note(
        "--force overwrote files you edited or meridian had not written",
        &report.forced,
    );
    note(
        "kept files you edited that meridian no longer renders (no longer in its manifest)",
        &report.kept,
    );
    Ok(())
}

/// Every path in the way, why, and the fix.
fn conflict_message(dir: &Path, conflicts: &[outdir::Conflict]) -> String {
    let n = conflicts.len();
    let mut m = format!(
        "{}: {n} file{} in the way that meridian will not change; nothing was written\n",
        dir.display(),
        if n == 1 { "" } else { "s" },
    );
    for c in conflicts {
        m.push_str(&format!("  {}: {}\n", c.path, c.why));
    }
    m.push_str(if n == 1 {
        "help: move it away"
    } else {
        "help: move them away"
    });
    if conflicts.iter().any(|c| c.why.forcible()) {
        m.push_str(
            ", or pass --force to overwrite files meridian writes that you edited \
             (it keeps edited files it no longer renders, deletes only files it wrote, \
             and never writes through a symlink)",
        );
    }
    m
}

/// A file for `write_out`.
fn file(path: impl Into<String>, text: impl Into<String>) -> render::File {
    render::File {
        path: path.into(),
        text: text.into(),
    }
}

fn exit_for(plan: &Plan) -> ExitCode {
    if plan.feasible {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Plan {
            spec,
            catalog,
            out,
            force,
            templates,
            format,
        } => {
            let (catalog, parsed) = catalog_and_spec(catalog.as_deref(), &spec)?;
            let plan = meridian::pipeline::plan(&parsed, &catalog);
            let printed = match format {
                Format::Table => render::table::render(&plan),
                Format::Json => render::json::render(&plan),
                Format::Markdown => render::markdown::render(&plan)
                    .map_err(|e| Failure::Bug(format!("template: {e:#}")))?,
            };
            if let Some(dir) = out {
                // Everything is rendered before anything is written.
                let json = render::json::render(&plan);
                let templates = render::terraform::Templates { dir: templates };
                let module = render::terraform::render(&plan, &templates).map_err(|e| match e {
                    render::terraform::Error::Read { .. } => Failure::Io(e.to_string()),
                    // Known limits, not bugs: the user can plan without --out.
                    e if e.is_limit() => Failure::Usage(format!(
                        "{e}; plan without --out (the table, --format json or markdown) until it is"
                    )),
                    render::terraform::Error::Template { .. } if templates.dir.is_some() => {
                        Failure::Usage(format!("{e} (check the templates in --templates)"))
                    }
                    _ => Failure::Bug(e.to_string()),
                })?;
                let report = render::report::render(&plan)
                    .map_err(|e| Failure::Bug(format!("report template: {e:#}")))?;
                let mut files = vec![file("plan.json", json)];
                files.extend(report);
                files.extend(
                    module
                        .into_iter()
                        .map(|f| file(format!("terraform/{}", f.path), f.text)),
                );
                write_out(&dir, "plan", &files, force, true)?;
            }
            print!("{printed}");
            Ok(exit_for(&plan))
        }
        Command::Simulate {
            spec,
            fail,
            year,
            seed,
            trials,
            catalog,
            out,
            force,
            format,
        } => {
            let (catalog, parsed) = catalog_and_spec(catalog.as_deref(), &spec)?;
            let (json, markdown, table, stem) = if year {
                let y = meridian::simulate::year(&parsed, &catalog, seed, trials.max(1));
                (
                    serde_json::to_string_pretty(&y).map_err(|e| Failure::Bug(e.to_string()))?
                        + "\n",
                    render::simulate::markdown_year(&y),
                    render::simulate::table_year(&y),
                    format!("simulate-year-seed-{seed}"),
                )
            } else {
                let mut failed = Vec::new();
                for name in &fail {
                    let Some(r) = catalog.region_index(name) else {
                        let ids = catalog.regions.iter().map(|r| r.id.as_str());
                        let hint = meridian::diagnostics::did_you_mean(name, ids)
                            .unwrap_or_else(|| "see `meridian catalog regions`".into());
                        return Err(Failure::Usage(format!(
                            "--fail {name}: not a region of the catalog; {hint}"
                        )));
                    };
                    if !failed.contains(&r) {
                        failed.push(r);
                    }
                }
                let s = meridian::simulate::fail(&parsed, &catalog, &failed);
                (
                    serde_json::to_string_pretty(&s).map_err(|e| Failure::Bug(e.to_string()))?
                        + "\n",
                    render::simulate::markdown_fail(&s),
                    render::simulate::table_fail(&s),
                    format!("simulate-fail-{}", s.failed.join("+")),
                )
            };
            let markdown = markdown.map_err(|e| Failure::Bug(format!("template: {e:#}")))?;
            let printed = match format {
                Format::Table => table,
                Format::Json => json.clone(),
                Format::Markdown => markdown.clone(),
            };
            if let Some(dir) = out {
                let json_name = format!("{stem}.json");
                let md_name = format!("{stem}.md");
                let files = [
                    file(json_name, json.clone()),
                    file(md_name, markdown.clone()),
                ];
                write_out(&dir, "simulate", &files, force, false)?;
            }
            print!("{printed}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Assess {
            spec,
            terraform,
            terraform_plan,
            catalog,
            out,
            force,
            format,
        } => {
            let (catalog, parsed) = catalog_and_spec(catalog.as_deref(), &spec)?;
            let (read, source, help) = match (&terraform, &terraform_plan) {
                (Some(dir), _) => (
                    meridian::tfmodule::read(dir),
                    dir,
                    "give the folder of a Terraform root module that `terraform validate` accepts",
                ),
                (None, Some(file)) => (
                    meridian::tfmodule::read_plan_json(file),
                    file,
                    "give the output of `terraform show -json PLANFILE`",
                ),
                (None, None) => unreachable!("clap requires --terraform or --terraform-plan"),
            };
            let module = read.map_err(|e| match e {
                meridian::tfmodule::ReadError::Io { .. } => Failure::Io(e.to_string()),
                _ => Failure::Usage(format!("{e}\nhelp: {help}")),
            })?;
            let shown = source.display().to_string();
            let a = meridian::assess::assess(&parsed, &catalog, &module, &shown);
            let markdown = render::assess::markdown(&a, &shown);
            let json = render::assess::json(&a);
            let printed = match format {
                Format::Table => render::assess::table(&a, &shown),
                Format::Json => json.clone(),
                Format::Markdown => markdown.clone(),
            };
            if let Some(dir) = out {
                let report = render::report::render(&a.current)
                    .map_err(|e| Failure::Bug(format!("report template: {e:#}")))?;
                let mut files = vec![
                    file("plan.json", render::json::render(&a.current)),
                    file("proposed.json", render::json::render(&a.proposed)),
                    file("assess.json", json),
                    file("assess.md", markdown),
                ];
                files.extend(report);
                write_out(&dir, "assess", &files, force, true)?;
            }
            print!("{printed}");
            Ok(if a.meets_slos() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Explain {
            spec,
            class,
            catalog,
        } => {
            let (catalog, parsed) = catalog_and_spec(catalog.as_deref(), &spec)?;
            let plan = meridian::pipeline::plan(&parsed, &catalog);
            let Some(found) = plan.classes.iter().find(|c| c.name == class) else {
                let names: Vec<&str> = plan.classes.iter().map(|c| c.name.as_str()).collect();
                let hint = meridian::diagnostics::did_you_mean(&class, names.iter().copied())
                    .unwrap_or_else(|| format!("classes: {}", names.join(", ")));
                return Err(Failure::Usage(format!(
                    "no data class \"{class}\" in {}; {hint}",
                    spec.display()
                )));
            };
            print!("{}", render::explain::render(found));
            Ok(if found.feasible {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Diff {
            old,
            new,
            format,
            fail_on_cost_increase,
            fail_on_rpo_regression,
            fail_on_rto_regression,
            fail_on_availability_regression,
            out,
            force,
        } => {
            let old_plan = read_plan_json(&old)?;
            let new_plan = read_plan_json(&new)?;
            let d = meridian::diff::diff(&old_plan, &new_plan);
            let rails = meridian::diff::Guardrails {
                max_cost_increase_pct: fail_on_cost_increase,
                no_rpo_regression: fail_on_rpo_regression,
                no_rto_regression: fail_on_rto_regression,
                no_availability_regression: fail_on_availability_regression,
            };
            let crossed = rails.crossed(&d);
            let markdown = render::diff::markdown(&d, &crossed)
                .map_err(|e| Failure::Bug(format!("template: {e:#}")))?;
            let json = render::diff::json(&d, &crossed);
            let printed = match format {
                Format::Table => render::diff::table(&d, &crossed),
                Format::Json => json.clone(),
                Format::Markdown => markdown.clone(),
            };
            if let Some(dir) = out {
                let files = [
                    file("diff.json", json.clone()),
                    file("diff.md", markdown.clone()),
                ];
                write_out(&dir, "diff", &files, force, false)?;
            }
            print!("{printed}");
            Ok(if crossed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Validate { spec, catalog } => {
            let (_, parsed) = catalog_and_spec(catalog.as_deref(), &spec)?;
            println!(
                "{}: valid ({} data classes, {} services, {} user populations)",
                spec.display(),
                parsed.data.len(),
                parsed.services.len(),
                parsed.users.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Catalog { part, catalog } => {
            let catalog = load_catalog(catalog.as_deref())?;
            print!(
                "{}",
                match part {
                    CatalogPart::Regions => meridian::render::table::catalog_regions(&catalog),
                    CatalogPart::Engines => meridian::render::table::catalog_engines(&catalog),
                    CatalogPart::Prices => meridian::render::table::catalog_prices(&catalog),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { catalog } => {
            let catalog = load_catalog(catalog.as_deref())?;
            print!("{}", meridian::spec::schema::render(&catalog));
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "meridian",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
