//! Reads CSV text (RFC 4180): fields separated by commas, records by CRLF or
//! LF, a field in double quotes may hold commas, line breaks and doubled quotes.

/// One record and the line it starts on (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line of the file it starts on.
    pub line: usize,
    /// Its fields.
    pub fields: Vec<String>,
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
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
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
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                end_record(&mut records, &mut fields, &mut field, start, was_quoted);
                was_quoted = false;
                line += 1;
                start = line;
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
    end_record(&mut records, &mut fields, &mut field, start, was_quoted);
    Ok(records)
}

fn end_record(
    records: &mut Vec<Record>,
    fields: &mut Vec<String>,
    field: &mut String,
    line: usize,
    was_quoted: bool,
) {
    if fields.is_empty() && field.is_empty() && !was_quoted {
        return;
    }
    fields.push(std::mem::take(field));
    records.push(Record {
        line,
        fields: std::mem::take(fields),
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
    fn an_unclosed_quote_is_an_error_naming_its_line() {
        assert_eq!(
            records("a\n\"open").map_err(|e| e.line),
            Err(2),
            "the record starts on line 2"
        );
    }
}
