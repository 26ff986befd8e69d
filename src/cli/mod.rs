//! The `linesift` command's modules: arguments, inputs, outputs, the two
//! modes (whole documents, JSON Lines) and the progress bar.

pub mod args;
pub mod chunks;
pub mod input;
pub mod json;
pub mod jsonl;
pub mod line;
pub mod output;
pub mod progress;

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use linesift::{Cleaner, Config, InputKind};
use rayon::prelude::*;

use args::{Args, OutputArg};
use input::Input;
use output::Sink;
use progress::Progress;

/// Exit status for usage errors, as clap uses.
const USAGE: u8 = 2;

/// Runs the command with the process's arguments.
pub fn run() -> ExitCode {
    let args = Args::parse();
    if let Some(threads) = args.threads {
        if let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
        {
            eprintln!("linesift: cannot start {threads} threads: {err}");
            return ExitCode::FAILURE;
        }
    }
    let (inputs, input_errors) = input::collect(&args.files, args.recursive);
    for err in &input_errors {
        eprintln!("linesift: {}: {}", err.name, err.reason);
    }
    if args.out_dir.is_some() && inputs.iter().any(|i| i.path.is_none()) {
        eprintln!(
            "linesift: --out-dir writes one file per input FILE, and standard input has no name; \
             name the files, or leave out --out-dir to write to standard output"
        );
        return ExitCode::from(USAGE);
    }
    let total = inputs.iter().map(Input::size_hint).sum::<Option<u64>>();
    let progress = Progress::new(total, args.quiet);
    let run = Run {
        cleaner: Cleaner::new(Config {
            max_input_bytes: usize::try_from(args.max_input_size).unwrap_or(usize::MAX),
            max_blocks: args.max_blocks,
            ..Config::default()
        }),
        progress,
        args,
    };
    let mut summary = if run.args.jsonl {
        run.jsonl(&inputs)
    } else {
        run.documents(&inputs)
    };
    run.progress.finish();
    summary.inputs += input_errors.len();
    summary.failed_inputs += input_errors.len();
    let failed = summary.failed();
    if failed && !run.args.quiet {
        eprintln!("linesift: {}", summary.describe());
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The library's message, with the command line's name for the limit.
pub fn describe_clean_error(err: &linesift::Error) -> String {
    match err {
        linesift::Error::TooManyBlocks { .. } => format!("{err} (--max-blocks)"),
        _ => err.to_string(),
    }
}

/// What went wrong over the whole run.
#[derive(Debug, Default)]
struct Summary {
    inputs: usize,
    failed_inputs: usize,
    lines: u64,
    failed_lines: u64,
}

impl Summary {
    fn failed(&self) -> bool {
        self.failed_inputs > 0 || self.failed_lines > 0
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.failed_inputs > 0 {
            parts.push(format!(
                "{} of {} inputs failed",
                self.failed_inputs, self.inputs
            ));
        }
        if self.failed_lines > 0 {
            parts.push(format!(
                "{} of {} lines failed",
                self.failed_lines, self.lines
            ));
        }
        parts.join(", ") + "; see the messages above"
    }
}

/// One run of the command.
struct Run {
    args: Args,
    cleaner: Cleaner,
    progress: Progress,
}

/// Where one input's output goes: below `--out-dir` (the path, and whether
/// it is gzipped), standard output (`None`), or nowhere, for the reason given.
type Target = Result<Option<(PathBuf, bool)>, String>;

/// What became of one input in whole-document mode.
enum Cleaned {
    /// The rendered output, for standard output.
    Text(String),
    /// Written below `--out-dir`.
    Written,
}

impl Run {
    fn report(&self, name: &str, reason: &str) {
        self.progress
            .message(&format!("linesift: {name}: {reason}"));
    }

    /// Where `input`'s output goes below `--out-dir`, refusing to overwrite
    /// the input itself or an earlier input's output.
    fn out_path(
        &self,
        out_dir: &Path,
        input: &Input,
        taken: &mut HashSet<PathBuf>,
    ) -> Result<(PathBuf, bool), String> {
        let (path, gzip) = output::out_path(out_dir, input, self.args.gzip);
        if !taken.insert(path.clone()) {
            return Err(format!(
                "another input is written to {} already; give files with different names, or use -r on their directory",
                path.display()
            ));
        }
        if let (Some(source), Ok(target)) = (&input.path, std::fs::canonicalize(&path)) {
            if std::fs::canonicalize(source).is_ok_and(|s| s == target) {
                return Err(format!(
                    "the output {} would overwrite the input; choose another --out-dir",
                    path.display()
                ));
            }
        }
        Ok((path, gzip))
    }

    /// Whole-document mode: every input is one page. Inputs are cleaned a few
    /// at a time in parallel and written in order.
    fn documents(&self, inputs: &[Input]) -> Summary {
        let mut summary = Summary {
            inputs: inputs.len(),
            ..Summary::default()
        };
        let mut taken = HashSet::new();
        let targets: Vec<Target> = inputs
            .iter()
            .map(|input| match &self.args.out_dir {
                Some(dir) => self.out_path(dir, input, &mut taken).map(Some),
                None => Ok(None),
            })
            .collect();
        let mut stdout = self
            .args
            .out_dir
            .is_none()
            .then(|| Sink::stdout(self.args.gzip));
        // A few documents per thread in flight: enough to balance the load,
        // few enough that memory stays bounded by the window, not the run.
        let window = rayon::current_num_threads().saturating_mul(4).max(1);
        let jobs: Vec<(&Input, Target)> = inputs.iter().zip(targets).collect();
        for chunk in jobs.chunks(window) {
            let results: Vec<Result<Cleaned, String>> = chunk
                .par_iter()
                .map(|(input, target)| {
                    let target = target.clone()?;
                    self.clean_document(input, target.as_ref())
                })
                .collect();
            for ((input, _), result) in chunk.iter().zip(results) {
                self.progress.documents_done(1);
                match result {
                    Ok(Cleaned::Text(text)) => {
                        if let Some(out) = stdout.as_mut() {
                            if let Err(err) = out.write_all(text.as_bytes()) {
                                return self.stdout_failed(summary, &err);
                            }
                        }
                    }
                    Ok(Cleaned::Written) => {}
                    Err(reason) => {
                        summary.failed_inputs += 1;
                        self.report(&input.name(), &reason);
                    }
                }
            }
        }
        if let Some(out) = stdout {
            if let Err(err) = out.finish() {
                return self.stdout_failed(summary, &err);
            }
        }
        summary
    }

    /// Standard output is gone: a closed pipe (`| head`) is a normal end,
    /// anything else is reported.
    fn stdout_failed(&self, mut summary: Summary, err: &io::Error) -> Summary {
        if err.kind() != io::ErrorKind::BrokenPipe {
            self.report("<stdout>", &format!("cannot write: {err}"));
            summary.failed_inputs += 1;
        }
        summary
    }

    /// Reads, cleans and renders one page; writes it below `--out-dir` when
    /// there is a `target`.
    fn clean_document(
        &self,
        input: &Input,
        target: Option<&(PathBuf, bool)>,
    ) -> Result<Cleaned, String> {
        let reader =
            input::open(input, &self.progress).map_err(|e| input::describe_read_error(&e))?;
        let bytes = input::read_all(reader, self.args.max_input_size)
            .map_err(|e| input::describe_read_error(&e))?
            .map_err(|limit| {
                format!(
                    "larger than the limit of {limit} bytes; raise --max-input-size to clean it"
                )
            })?;
        let document = self
            .cleaner
            .clean(&bytes, InputKind::from(self.args.input))
            .map_err(|e| describe_clean_error(&e))?;
        let text = if self.args.explain {
            linesift::render::explain(&document)
        } else {
            match self.args.output {
                OutputArg::Text => linesift::render::text(&document, self.args.title),
                OutputArg::Json => linesift::render::json(&document) + "\n",
                OutputArg::Markdown => linesift::render::markdown(&document),
            }
        };
        let Some((path, gzip)) = target else {
            return Ok(Cleaned::Text(text));
        };
        let written = output::create(path, *gzip).and_then(|mut sink| {
            sink.write_all(text.as_bytes())?;
            sink.finish()
        });
        written.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(Cleaned::Written)
    }

    /// JSON Lines mode: every input is a stream of documents, cleaned in
    /// windows; inputs one after the other.
    fn jsonl(&self, inputs: &[Input]) -> Summary {
        let settings = line::Settings {
            cleaner: self.cleaner.clone(),
            kind: InputKind::from(self.args.input),
            field: self.args.field.clone(),
            shape: match self.args.output {
                OutputArg::Text => line::Shape::Text,
                OutputArg::Json => line::Shape::Json,
                OutputArg::Markdown => line::Shape::Markdown,
            },
            title: self.args.title,
            line_limit: self.args.max_input_size,
        };
        let mut summary = Summary {
            inputs: inputs.len(),
            ..Summary::default()
        };
        let mut taken = HashSet::new();
        let mut stdout = self
            .args
            .out_dir
            .is_none()
            .then(|| Sink::stdout(self.args.gzip));
        for input in inputs {
            let name = input.path.as_ref().map(|_| input.name());
            let target = match &self.args.out_dir {
                Some(dir) => match self.out_path(dir, input, &mut taken) {
                    Ok(target) => Some(target),
                    Err(reason) => {
                        summary.failed_inputs += 1;
                        self.report(&input.name(), &reason);
                        continue;
                    }
                },
                None => None,
            };
            let reader = match input::open(input, &self.progress) {
                Ok(reader) => reader,
                Err(err) => {
                    summary.failed_inputs += 1;
                    self.report(&input.name(), &input::describe_read_error(&err));
                    continue;
                }
            };
            let result = match (&target, stdout.as_mut()) {
                (Some((path, gzip)), _) => {
                    let mut sink = match output::create(path, *gzip) {
                        Ok(sink) => sink,
                        Err(err) => {
                            summary.failed_inputs += 1;
                            self.report(
                                &input.name(),
                                &format!("cannot write {}: {err}", path.display()),
                            );
                            continue;
                        }
                    };
                    let result = jsonl::run(
                        reader,
                        &mut sink,
                        name.as_deref(),
                        &settings,
                        &self.progress,
                    );
                    match (result, sink.finish()) {
                        (Ok(outcome), Err(err)) => Err((outcome, jsonl::StreamError::Write(err))),
                        (result, _) => result,
                    }
                }
                (None, Some(out)) => {
                    jsonl::run(reader, out, name.as_deref(), &settings, &self.progress)
                }
                // Unreachable: no --out-dir means standard output is open.
                (None, None) => continue,
            };
            let (outcome, error) = match result {
                Ok(outcome) => (outcome, None),
                Err((outcome, error)) => (outcome, Some(error)),
            };
            summary.lines += outcome.lines;
            summary.failed_lines += outcome.failed;
            match error {
                None => {}
                Some(jsonl::StreamError::Read { after_line, error }) => {
                    summary.failed_inputs += 1;
                    self.report(
                        &input.name(),
                        &format!(
                            "{} (after line {after_line}; the lines before it were cleaned)",
                            input::describe_read_error(&error)
                        ),
                    );
                }
                Some(jsonl::StreamError::Write(err)) => match &target {
                    Some((path, _)) => {
                        summary.failed_inputs += 1;
                        self.report(
                            &input.name(),
                            &format!("cannot write {}: {err}", path.display()),
                        );
                    }
                    None => return self.stdout_failed(summary, &err),
                },
            }
        }
        if let Some(out) = stdout {
            if let Err(err) = out.finish() {
                return self.stdout_failed(summary, &err);
            }
        }
        summary
    }
}
