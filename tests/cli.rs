//! The `linesift` command end to end: every flag and every error path.
//!
//! The pages here are small and written for these tests: a cookie line, a pipe
//! menu, a headline, two body sentences, a share row and a legal line. What the
//! tests assert is what a reader expects: the body sentences stay, the menu and
//! the banner go.

use std::io::{Read, Write};
use std::path::Path;

use assert_cmd::Command;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const BODY_1: &str = "Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.";
const BODY_2: &str =
    "Residents of low-lying areas were told to move their cars and to keep an eye on the warnings.";
const MENU: &str = "Home | World | Business | Sport";
const TITLE: &str = "Rain Expected All Week";

fn page() -> String {
    format!(
        "Accept all cookies\n{MENU}\n{TITLE}\n{BODY_1}\n{BODY_2}\nShare on Facebook\n© 2026 Example News. All rights reserved.\n"
    )
}

/// A second page, to tell outputs apart.
const OTHER_BODY: &str =
    "The council approved the new budget on Tuesday, after a debate that lasted most of the night.";

fn other_page() -> String {
    format!("Skip to content\n{OTHER_BODY}\n")
}

fn html_page() -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><title>{TITLE}</title></head><body>\n\
         <nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World</a></li></ul></nav>\n\
         <p>{BODY_1}</p>\n<p>{BODY_2}</p>\n</body></html>\n"
    )
}

fn linesift() -> Command {
    let mut cmd = Command::cargo_bin("linesift").unwrap();
    // The tests' stderr is a pipe, so no progress bar is drawn; --quiet is
    // tested on its own.
    cmd.env_remove("RAYON_NUM_THREADS");
    cmd
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, content).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    MultiGzDecoder::new(bytes).read_to_string(&mut out).unwrap();
    out
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn jsonl_line(id: usize, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text }).to_string()
}

// ---- the filter: stdin, files, output forms ----

#[test]
fn stdin_gives_the_body_without_menu_or_banner() {
    linesift()
        .write_stdin(page())
        .assert()
        .success()
        .stdout(format!("{BODY_1}\n{BODY_2}\n"))
        .stderr("");
}

#[test]
fn files_are_cleaned_in_the_order_given_and_dash_is_stdin() {
    let dir = TempDir::new().unwrap();
    let a = write(dir.path(), "a.txt", page());
    let out = linesift()
        .arg(&a)
        .arg("-")
        .write_stdin(other_page())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert_eq!(text, format!("{BODY_1}\n{BODY_2}\n{OTHER_BODY}\n"));
    assert!(!text.contains(MENU));
}

#[test]
fn title_flag_puts_the_title_first() {
    linesift()
        .arg("--title")
        .write_stdin(page())
        .assert()
        .success()
        .stdout(format!("{TITLE}\n{BODY_1}\n{BODY_2}\n"));
}

#[test]
fn output_json_has_every_block_with_label_score_and_reasons() {
    let out = linesift()
        .args(["--output", "json"])
        .write_stdin(page())
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_str(stdout_of(&out).trim()).unwrap();
    assert_eq!(doc["title"], TITLE);
    let blocks = doc["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 7, "one block per line of the page");
    let label_of = |text: &str| {
        blocks
            .iter()
            .find(|b| b["text"] == text)
            .map(|b| b["label"].as_str().unwrap().to_string())
    };
    assert_eq!(label_of(BODY_1).as_deref(), Some("body"));
    assert_eq!(label_of(MENU).as_deref(), Some("navigation"));
    assert_eq!(label_of("Accept all cookies").as_deref(), Some("consent"));
}

#[test]
fn output_markdown_has_a_title_heading_and_paragraphs() {
    linesift()
        .args(["--output", "markdown"])
        .write_stdin(page())
        .assert()
        .success()
        .stdout(format!("# {TITLE}\n\n{BODY_1}\n\n{BODY_2}\n"));
}

#[test]
fn explain_lists_every_line_with_label_score_and_reasons_aligned() {
    let out = linesift()
        .arg("--explain")
        .write_stdin(page())
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = stdout_of(&out);
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 7, "{table}");
    assert!(rows[0].contains("consent") && rows[0].contains("Accept all cookies"));
    assert!(rows[1].contains("navigation") && rows[1].contains('['));
    assert!(rows[3].contains("body"));
    // Aligned: the reasons column starts at the same place on every row.
    let starts: Vec<usize> = rows
        .iter()
        .map(|r| r.chars().position(|c| c == '[').unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{table}");
}

#[test]
fn explain_and_jsonl_do_not_go_together() {
    linesift()
        .args(["--explain", "--jsonl"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

// ---- --input ----

#[test]
fn input_auto_recognises_html_and_strips_the_markup() {
    let out = linesift().write_stdin(html_page()).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(text.contains(BODY_1), "{text}");
    assert!(!text.contains("<p>"), "{text}");
    assert!(!text.contains("Home"), "{text}");
}

#[test]
fn input_text_and_html_are_forced() {
    // Markup that does not start like a page is text to `auto`; `--input html`
    // makes it HTML.
    let fragment = format!("<span>x</span>\n<b>{BODY_1}</b>\n");
    let as_text = linesift().write_stdin(fragment.clone()).output().unwrap();
    assert!(
        stdout_of(&as_text).contains("<b>"),
        "auto treats it as text"
    );
    let as_html = linesift()
        .args(["--input", "html"])
        .write_stdin(fragment)
        .output()
        .unwrap();
    let text = stdout_of(&as_html);
    assert!(text.contains(BODY_1) && !text.contains("<b>"), "{text}");
    // And a page that looks like HTML is taken as text when told so.
    let forced = linesift()
        .args(["--input", "text"])
        .write_stdin(format!("<p>\n{BODY_1}\n</p>\n"))
        .output()
        .unwrap();
    assert!(stdout_of(&forced).contains(BODY_1));
    linesift()
        .args(["--input", "pdf"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'pdf'"));
}

// ---- JSON Lines ----

#[test]
fn jsonl_replaces_text_keeps_other_fields_and_their_order() {
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"url_id": 7, "text": page(), "lang": "en", "meta": {"b": 1, "a": [1, 2]}}),
        serde_json::json!({"zeta": true, "text": other_page(), "alpha": null}),
    );
    let out = linesift()
        .arg("--jsonl")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    let expected_first = format!(
        "{{\"url_id\":7,\"text\":{},\"lang\":\"en\",\"meta\":{{\"b\":1,\"a\":[1,2]}}}}",
        serde_json::to_string(&format!("{BODY_1}\n{BODY_2}")).unwrap()
    );
    assert_eq!(lines[0], expected_first);
    let expected_second = format!(
        "{{\"zeta\":true,\"text\":{},\"alpha\":null}}",
        serde_json::to_string(OTHER_BODY).unwrap()
    );
    assert_eq!(lines[1], expected_second);
}

#[test]
fn jsonl_field_and_input_html_take_the_page_from_another_field() {
    let input = format!("{}\n", serde_json::json!({"id": "a", "html": html_page()}));
    let out = linesift()
        .args(["--jsonl", "--field", "html", "--input", "html"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let lines = json_lines(&stdout_of(&out));
    assert_eq!(lines.len(), 1);
    let object = lines[0].as_object().unwrap();
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "html", "text"]);
    assert_eq!(
        object["html"],
        html_page(),
        "the source field is kept as it was"
    );
    let text = object["text"].as_str().unwrap();
    assert!(text.contains(BODY_1) && !text.contains("<p>") && !text.contains("Home"));
}

/// A page kept as a JSON string is Unicode, whatever charset its `<meta>`
/// still names: the text comes out as it went in, not decoded a second time
/// as that charset (which turned it into mojibake before `clean_str`).
#[test]
fn jsonl_html_declaring_a_legacy_charset_keeps_its_text() {
    const PROSE: &str = "東京の市議会は火曜日、夜遅くまで続いた議論の末に新しい予算案を承認し、来年度から実施することを決めた。";
    for charset in ["shift_jis", "gbk", "windows-1252"] {
        let page = format!(
            "<html><head><meta charset=\"{charset}\"></head><body><p>{PROSE}</p></body></html>"
        );
        let input = format!("{}\n", serde_json::json!({"html": page}));
        let out = linesift()
            .args(["--jsonl", "--field", "html"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let lines = json_lines(&stdout_of(&out));
        assert_eq!(lines[0]["text"], PROSE, "{charset}");
    }
}

#[test]
fn jsonl_input_auto_decides_per_document() {
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"text": html_page()}),
        serde_json::json!({"text": page()}),
    );
    let out = linesift()
        .arg("--jsonl")
        .write_stdin(input)
        .output()
        .unwrap();
    let lines = json_lines(&stdout_of(&out));
    let first = lines[0]["text"].as_str().unwrap();
    assert!(first.contains(BODY_1) && !first.contains('<'), "{first}");
    assert_eq!(lines[1]["text"], format!("{BODY_1}\n{BODY_2}"));
}

#[test]
fn jsonl_output_json_adds_title_and_blocks() {
    let input = format!("{}\n", jsonl_line(1, &page()));
    let out = linesift()
        .args(["--jsonl", "--output", "json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = json_lines(&stdout_of(&out));
    let object = lines[0].as_object().unwrap();
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "text", "title", "blocks"]);
    assert_eq!(object["title"], TITLE);
    let blocks = object["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 7);
    let menu = blocks.iter().find(|b| b["text"] == MENU).unwrap();
    assert_eq!(menu["label"], "navigation");
    assert!(menu["score"].as_f64().unwrap() < 0.0);
    assert!(!menu["reasons"].as_array().unwrap().is_empty());
    let keys: Vec<&str> = menu
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["label", "score", "reasons", "text"]);
}

#[test]
fn jsonl_title_adds_the_title_field_and_markdown_renders_markdown() {
    let input = format!(
        "{}\n{}\n",
        jsonl_line(1, &page()),
        jsonl_line(2, "Skip to content\n")
    );
    let out = linesift()
        .args(["--jsonl", "--title"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let lines = json_lines(&stdout_of(&out));
    assert_eq!(lines[0]["title"], TITLE);
    assert_eq!(lines[0]["text"], format!("{BODY_1}\n{BODY_2}"));
    assert_eq!(lines[1]["title"], Value::Null, "a page without a title");
    assert_eq!(lines[1]["text"], "", "a page of boilerplate only");
    let out = linesift()
        .args(["--jsonl", "--output", "markdown"])
        .write_stdin(input)
        .output()
        .unwrap();
    let lines = json_lines(&stdout_of(&out));
    assert_eq!(
        lines[0]["text"],
        format!("# {TITLE}\n\n{BODY_1}\n\n{BODY_2}\n")
    );
}

#[test]
fn jsonl_every_kind_of_bad_line_gets_an_error_line_and_the_rest_is_cleaned() {
    let lines = [
        jsonl_line(1, &page()),
        String::from("{\"text\": \"unterminated"),
        String::from("[1, 2, 3]"),
        String::from("{\"id\": 4}"),
        String::from("{\"id\": 5, \"text\": 42}"),
        String::new(),
        jsonl_line(7, &other_page()),
    ];
    let out = linesift()
        .arg("--jsonl")
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let results = json_lines(&stdout_of(&out));
    assert_eq!(results.len(), 7, "one output line per input line");
    assert_eq!(results[0]["text"], format!("{BODY_1}\n{BODY_2}"));
    assert_eq!(results[6]["text"], OTHER_BODY);
    let expectations = [
        (1, "not valid JSON"),
        (2, "an array, not a JSON object"),
        (3, "no field \"text\""),
        (4, "is a number, not a string"),
        (5, "empty line"),
    ];
    let stderr = stderr_of(&out);
    for (index, words) in expectations {
        let error = &results[index];
        assert_eq!(error["line"], index + 1, "{error}");
        let message = error["error"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
        // The same message on stderr, with the line number.
        assert!(
            stderr.contains(&format!("<stdin>:{}: {message}", index + 1)),
            "{stderr}"
        );
    }
    assert!(stderr.contains("5 of 7 lines failed"), "{stderr}");
}

#[test]
fn jsonl_thousand_lines_with_ten_broken_gives_thousand_lines() {
    let broken: Vec<usize> = vec![1, 2, 97, 250, 251, 500, 613, 777, 999, 1000];
    let mut input = String::new();
    for number in 1..=1000 {
        if broken.contains(&number) {
            input.push_str(&format!("{{\"id\": {number}, \"text\": \"cut off\n"));
        } else {
            let body = if number % 2 == 0 {
                page()
            } else {
                other_page()
            };
            input.push_str(&jsonl_line(number, &body));
            input.push('\n');
        }
    }
    let out = linesift()
        .arg("--jsonl")
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let results = json_lines(&stdout_of(&out));
    assert_eq!(results.len(), 1000);
    let mut errors = Vec::new();
    for (index, result) in results.iter().enumerate() {
        let number = index + 1;
        if result.get("error").is_some() {
            assert_eq!(result["line"], number);
            errors.push(number);
        } else {
            assert_eq!(result["id"], number, "order kept");
            let expected = if number % 2 == 0 {
                format!("{BODY_1}\n{BODY_2}")
            } else {
                OTHER_BODY.to_string()
            };
            assert_eq!(result["text"], expected);
        }
    }
    assert_eq!(errors, broken);
    let stderr = stderr_of(&out);
    for number in &broken {
        assert!(
            stderr.contains(&format!("<stdin>:{number}: not valid JSON")),
            "{stderr}"
        );
    }
    assert!(stderr.contains("10 of 1000 lines failed"));
}

#[test]
fn jsonl_crlf_and_invalid_utf8_lines() {
    let mut input = Vec::new();
    input.extend_from_slice(jsonl_line(1, &other_page()).as_bytes());
    input.extend_from_slice(b"\r\n{\"text\": \"caf\xe9\"}\r\n");
    input.extend_from_slice(jsonl_line(3, &other_page()).as_bytes());
    let out = linesift()
        .arg("--jsonl")
        .write_stdin(input)
        .output()
        .unwrap();
    let results = json_lines(&stdout_of(&out));
    assert_eq!(results.len(), 3, "the last line needs no newline");
    assert_eq!(results[0]["text"], OTHER_BODY);
    assert_eq!(results[1]["line"], 2);
    assert!(results[1]["error"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    assert_eq!(results[2]["text"], OTHER_BODY);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn jsonl_errors_from_files_name_the_file() {
    let dir = TempDir::new().unwrap();
    let path = write(
        dir.path(),
        "crawl.jsonl",
        format!("{}\nnot json\n", jsonl_line(1, &page())),
    );
    let out = linesift().arg("--jsonl").arg(&path).output().unwrap();
    let results = json_lines(&stdout_of(&out));
    assert_eq!(results[1]["line"], 2);
    assert_eq!(results[1]["file"], path.display().to_string());
    assert!(stderr_of(&out).contains(&format!("{}:2: not valid JSON", path.display())));
}

#[test]
fn field_needs_jsonl() {
    linesift()
        .args(["--field", "html"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--jsonl"));
}

// ---- threads ----

/// One thread (read, clean and write in turn on one thread) and two (a
/// reader, a pool and a writer) give the same lines, the same messages and
/// the same exit status, broken lines included.
#[test]
fn threads_one_and_two_give_the_same_output() {
    let mut input = String::new();
    for i in 0..600 {
        if i % 97 == 5 {
            input.push_str("{\"id\": broken\n");
            continue;
        }
        let body = if i % 3 == 0 { page() } else { other_page() };
        input.push_str(&jsonl_line(i, &body));
        input.push('\n');
    }
    let one = linesift()
        .args(["--jsonl", "--threads", "1"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let two = linesift()
        .args(["--jsonl", "--threads", "2"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(two.status.code(), Some(1));
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stderr, two.stderr);
    let lines = json_lines(&stdout_of(&one));
    assert_eq!(lines.len(), 600);
    let errors: Vec<&Value> = lines.iter().filter(|l| l.get("error").is_some()).collect();
    assert_eq!(errors.len(), 7);
    assert_eq!(errors[0]["line"], 6);
    linesift()
        .args(["--threads", "0"])
        .write_stdin("")
        .assert()
        .code(2);
}

// ---- files, directories, --out-dir ----

#[test]
fn recursive_out_dir_writes_one_file_per_input_at_the_same_relative_path() {
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    write(&pages, "a.txt", page());
    write(&pages, "sub/b.txt", other_page());
    write(&pages, "sub/deeper/c.html", html_page());
    let out_dir = dir.path().join("clean");
    linesift()
        .arg("-r")
        .arg(&pages)
        .arg("--out-dir")
        .arg(&out_dir)
        .assert()
        .success()
        .stdout("");
    let read = |p: &str| std::fs::read_to_string(out_dir.join(p)).unwrap();
    assert_eq!(read("a.txt"), format!("{BODY_1}\n{BODY_2}\n"));
    assert_eq!(read("sub/b.txt"), format!("{OTHER_BODY}\n"));
    assert!(read("sub/deeper/c.html").contains(BODY_1));
}

#[test]
fn recursive_to_stdout_goes_in_name_order() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "b/x.txt", other_page());
    write(dir.path(), "a.txt", page());
    linesift()
        .arg("--recursive")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(format!("{BODY_1}\n{BODY_2}\n{OTHER_BODY}\n"));
}

#[test]
fn a_directory_without_r_is_reported_and_the_other_files_are_done() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "a.txt", page());
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    linesift()
        .arg(&sub)
        .arg(&file)
        .assert()
        .code(1)
        .stdout(format!("{BODY_1}\n{BODY_2}\n"))
        .stderr(predicate::str::contains(format!(
            "{}: is a directory; add -r",
            sub.display()
        )));
}

#[test]
fn missing_and_undecodable_files_are_reported_and_skipped() {
    let dir = TempDir::new().unwrap();
    let good = write(dir.path(), "good.txt", page());
    let missing = dir.path().join("missing.txt");
    // Gzip's magic bytes, then junk: cannot be decoded.
    let broken = write(
        dir.path(),
        "broken.txt.gz",
        b"\x1f\x8b\x08\x00junk junk junk",
    );
    let other = write(dir.path(), "other.txt", other_page());
    let out = linesift()
        .arg(&good)
        .arg(&missing)
        .arg(&broken)
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout_of(&out),
        format!("{BODY_1}\n{BODY_2}\n{OTHER_BODY}\n")
    );
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(&format!("{}: cannot read it", missing.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}: cannot decode it", broken.display())),
        "{stderr}"
    );
    assert!(stderr.contains("2 of 4 inputs failed"), "{stderr}");
}

#[test]
fn jsonl_missing_file_is_reported_and_the_others_done() {
    let dir = TempDir::new().unwrap();
    let good = write(dir.path(), "a.jsonl", jsonl_line(1, &other_page()) + "\n");
    let missing = dir.path().join("nope.jsonl");
    let out = linesift()
        .arg("--jsonl")
        .arg(&missing)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&stdout_of(&out))[0]["text"], OTHER_BODY);
    assert!(stderr_of(&out).contains(&format!("{}: cannot read it", missing.display())));
}

#[test]
fn jsonl_out_dir_writes_one_jsonl_per_input() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    write(&input, "day1/a.jsonl", jsonl_line(1, &page()) + "\n");
    write(
        &input,
        "day2/b.jsonl",
        jsonl_line(2, &other_page()) + "\nbad\n",
    );
    let out_dir = dir.path().join("out");
    let out = linesift()
        .args(["--jsonl", "-r"])
        .arg(&input)
        .arg("--out-dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let a = json_lines(&std::fs::read_to_string(out_dir.join("day1/a.jsonl")).unwrap());
    assert_eq!(a[0]["text"], format!("{BODY_1}\n{BODY_2}"));
    let b = json_lines(&std::fs::read_to_string(out_dir.join("day2/b.jsonl")).unwrap());
    assert_eq!(b.len(), 2);
    assert_eq!(b[0]["text"], OTHER_BODY);
    assert_eq!(b[1]["line"], 2);
    assert!(stderr_of(&out).contains("day2/b.jsonl:2: not valid JSON"));
}

#[test]
fn out_dir_refuses_stdin_and_name_clashes() {
    let dir = TempDir::new().unwrap();
    linesift()
        .arg("--out-dir")
        .arg(dir.path())
        .write_stdin(page())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("standard input has no name"));
    let one = write(dir.path(), "x/page.txt", page());
    let two = write(dir.path(), "y/page.txt", other_page());
    let out_dir = dir.path().join("out");
    let out = linesift()
        .arg(&one)
        .arg(&two)
        .arg("--out-dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("page.txt")).unwrap(),
        format!("{BODY_1}\n{BODY_2}\n"),
        "the first one is written"
    );
    assert!(stderr_of(&out).contains("another input is written to"));
}

#[test]
fn out_dir_never_overwrites_its_input() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "page.txt", page());
    linesift()
        .arg(&file)
        .arg("--out-dir")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("would overwrite the input"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), page());
}

// ---- gzip ----

#[test]
fn gzip_input_is_read_from_files_and_stdin() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "page.txt.gz", gzip(page().as_bytes()));
    linesift()
        .arg(&file)
        .assert()
        .success()
        .stdout(format!("{BODY_1}\n{BODY_2}\n"));
    let jsonl = format!(
        "{}\n{}\n",
        jsonl_line(1, &page()),
        jsonl_line(2, &other_page())
    );
    let out = linesift()
        .arg("--jsonl")
        .write_stdin(gzip(jsonl.as_bytes()))
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = json_lines(&stdout_of(&out));
    assert_eq!(lines[1]["text"], OTHER_BODY);
}

#[test]
fn gzip_flag_compresses_stdout_and_out_dir_files() {
    let jsonl = format!("{}\n", jsonl_line(1, &page()));
    let out = linesift()
        .args(["--jsonl", "--gzip"])
        .write_stdin(jsonl)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(&out.stdout[..2], b"\x1f\x8b");
    let lines = json_lines(&gunzip(&out.stdout));
    assert_eq!(lines[0]["text"], format!("{BODY_1}\n{BODY_2}"));

    let dir = TempDir::new().unwrap();
    let plain = write(dir.path(), "in/a.txt", page());
    let packed = write(dir.path(), "in/b.txt.gz", gzip(other_page().as_bytes()));
    let out_dir = dir.path().join("out");
    linesift()
        .arg(&plain)
        .arg(&packed)
        .arg("--out-dir")
        .arg(&out_dir)
        .assert()
        .success();
    // A gzipped input gives a gzipped output of the same name; a plain one stays plain.
    assert_eq!(
        std::fs::read_to_string(out_dir.join("a.txt")).unwrap(),
        format!("{BODY_1}\n{BODY_2}\n")
    );
    assert_eq!(
        gunzip(&std::fs::read(out_dir.join("b.txt.gz")).unwrap()),
        format!("{OTHER_BODY}\n")
    );
    let zipped_dir = dir.path().join("zipped");
    linesift()
        .arg(&plain)
        .arg("--gzip")
        .arg("--out-dir")
        .arg(&zipped_dir)
        .assert()
        .success();
    assert_eq!(
        gunzip(&std::fs::read(zipped_dir.join("a.txt.gz")).unwrap()),
        format!("{BODY_1}\n{BODY_2}\n")
    );
}

#[test]
fn a_truncated_gzip_stream_keeps_what_was_read_and_reports_the_rest() {
    let mut jsonl = String::new();
    for i in 1..=2000 {
        jsonl.push_str(&jsonl_line(i, &format!("{OTHER_BODY} Number {i}.")));
        jsonl.push('\n');
    }
    let packed = gzip(jsonl.as_bytes());
    let cut = &packed[..packed.len() / 2];
    for threads in ["1", "2"] {
        let out = linesift()
            .args(["--jsonl", "--threads", threads])
            .write_stdin(cut)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let lines = json_lines(&stdout_of(&out));
        assert!(!lines.is_empty() && lines.len() < 2000, "{}", lines.len());
        for (index, line) in lines.iter().enumerate() {
            assert_eq!(line["id"], index + 1);
        }
        let stderr = stderr_of(&out);
        assert!(stderr.contains("<stdin>: cannot decode it"), "{stderr}");
        assert!(
            stderr.contains(&format!("after line {}", lines.len())),
            "{threads} threads: {stderr}"
        );
    }
}

// ---- limits ----

#[test]
fn max_input_size_refuses_big_pages_and_cleans_the_rest() {
    let dir = TempDir::new().unwrap();
    let big = write(dir.path(), "big.txt", page().repeat(10));
    let small = write(dir.path(), "small.txt", other_page());
    let out = linesift()
        .args(["--max-input-size", "1KB"])
        .arg(&big)
        .arg(&small)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out), format!("{OTHER_BODY}\n"));
    assert!(stderr_of(&out).contains(&format!(
        "{}: larger than the limit of 1000 bytes; raise --max-input-size",
        big.display()
    )));
}

#[test]
fn max_input_size_refuses_long_json_lines_without_losing_the_line() {
    let long = jsonl_line(2, &page().repeat(100));
    let input = format!(
        "{}\n{long}\n{}\n",
        jsonl_line(1, &other_page()),
        jsonl_line(3, &other_page())
    );
    let out = linesift()
        .args(["--jsonl", "--max-input-size", "2KiB"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&stdout_of(&out));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["text"], OTHER_BODY);
    assert_eq!(lines[1]["line"], 2);
    let message = lines[1]["error"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "{} bytes, over the limit of 2048 bytes",
            long.len()
        )),
        "{message}"
    );
    assert_eq!(lines[2]["text"], OTHER_BODY);
}

#[test]
fn max_input_size_rejects_nonsense() {
    linesift()
        .args(["--max-input-size", "lots"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a size"));
}

// ---- quiet, progress, help ----

#[test]
fn quiet_hides_the_summary_but_not_the_errors() {
    let input = "nope\n";
    let loud = linesift()
        .arg("--jsonl")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(stderr_of(&loud).contains("lines failed"));
    let quiet = linesift()
        .args(["--jsonl", "--quiet"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(1));
    let stderr = stderr_of(&quiet);
    assert!(stderr.contains("<stdin>:1: not valid JSON"));
    assert!(!stderr.contains("lines failed"));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let mut input = String::new();
    for i in 0..300 {
        input.push_str(&jsonl_line(i, &page()));
        input.push('\n');
    }
    linesift()
        .arg("--jsonl")
        .write_stdin(input)
        .assert()
        .success()
        .stderr("");
}

#[test]
fn help_teaches_the_three_uses() {
    linesift()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("| linesift"))
        .stdout(predicate::str::contains(
            "linesift -r pages/ --out-dir clean/",
        ))
        .stdout(predicate::str::contains(
            "linesift --jsonl --field html --input html < crawl.jsonl > clean.jsonl",
        ))
        .stdout(predicate::str::contains("--max-input-size"))
        .stdout(predicate::str::contains("--threads"));
    linesift()
        .arg("-h")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "linesift --help` for worked examples",
        ));
}

#[test]
fn max_blocks_refuses_pages_with_too_many_blocks() {
    let dir = TempDir::new().unwrap();
    let long = write(dir.path(), "long.txt", page());
    let short = write(dir.path(), "short.txt", other_page());
    let out = linesift()
        .args(["--max-blocks", "3"])
        .arg(&long)
        .arg(&short)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out), format!("{OTHER_BODY}\n"));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(&format!("{}: ", long.display())),
        "{stderr}"
    );
    assert!(stderr.contains("--max-blocks"), "{stderr}");
    let input = format!(
        "{}\n{}\n",
        jsonl_line(1, &page()),
        jsonl_line(2, &other_page())
    );
    let out = linesift()
        .args(["--jsonl", "--max-blocks", "3"])
        .write_stdin(input)
        .output()
        .unwrap();
    let lines = json_lines(&stdout_of(&out));
    assert_eq!(lines[0]["line"], 1);
    assert!(lines[0]["error"].as_str().unwrap().contains("--max-blocks"));
    assert_eq!(lines[1]["text"], OTHER_BODY);
}
