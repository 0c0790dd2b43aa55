//! Reads CSV text (RFC 4180): fields separated by commas, records by CRLF or
//! LF, a field in double quotes may hold commas, line breaks and doubled quotes.

use std::ops::Range;

/// One record, the line it starts on (from 1) and where it is in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line of the file it starts on.
    pub line: usize,
    /// Its fields.
    pub fields: Vec<String>,
    /// Its bytes in the text, with the line break that ends it: the text
    /// without some records is the other records' spans joined.
    pub span: Range<usize>,
}

/// Why the text is not CSV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct CsvError {
    /// Where.
    pub line: usize,
    /// What is wrong.
    pub reason: &'static str,
}

/// Every record of `text`; blank lines are skipped.
pub fn records(text: &str) -> Result<Vec<Record>, CsvError> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut was_quoted = false;
    let mut from = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek().map(|(_, c)| *c) == Some('"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => {
                return Err(CsvError {
                    line,
                    reason: "a quote inside a field that is not quoted",
                });
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek().map(|(_, c)| *c) == Some('\n') => {}
            '\n' | '\r' => {
                let span = from..at + c.len_utf8();
                end_record(
                    &mut records,
                    &mut fields,
                    &mut field,
                    (start, span),
                    was_quoted,
                );
                was_quoted = false;
                line += 1;
                start = line;
                from = at + c.len_utf8();
            }
            _ if was_quoted => {
                return Err(CsvError {
                    line,
                    reason: "text after a quoted field's closing quote",
                });
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(CsvError {
            line: start,
            reason: "a quoted field is never closed",
        });
    }
    let span = from..text.len();
    end_record(
        &mut records,
        &mut fields,
        &mut field,
        (start, span),
        was_quoted,
    );
    Ok(records)
}

fn end_record(
    records: &mut Vec<Record>,
    fields: &mut Vec<String>,
    field: &mut String,
    (line, span): (usize, Range<usize>),
    was_quoted: bool,
) {
    if fields.is_empty() && field.is_empty() && !was_quoted {
        return;
    }
    fields.push(std::mem::take(field));
    records.push(Record {
        line,
        fields: std::mem::take(fields),
        span,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let text = "a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\r\n\n3,,\n";
        let records = records(text).expect("CSV");
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].fields, ["1", "x, \"y\"", "two\nlines"]);
        assert_eq!(records[2].line, 5);
        assert_eq!(records[2].fields, ["3", "", ""]);
    }

    #[test]
    fn spans_cover_each_record_with_its_line_break() {
        let text = "a,b\r\n1,\"x\ny\"\n\n2,z";
        let records = records(text).expect("CSV");
        let spans: Vec<&str> = records.iter().map(|r| &text[r.span.clone()]).collect();
        assert_eq!(spans, ["a,b\r\n", "1,\"x\ny\"\n", "2,z"]);
        assert_eq!(records[2].line, 5);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_naming_its_line() {
        assert_eq!(
            records("a\n\"open").map_err(|e| e.line),
            Err(2),
            "the record starts on line 2"
        );
    }
}
