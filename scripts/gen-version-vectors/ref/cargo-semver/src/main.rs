// stdin lines "v<TAB>a<TAB>b" -> "a<TAB>b<TAB>sign" (Version ordering, ! = a or b invalid);
// stdin lines "r<TAB>version<TAB>req" -> "version<TAB>req<TAB>true|false" (VersionReq::matches, ! = invalid).
use semver::{Version, VersionReq};
use std::io::{self, BufRead, Write};

fn main() {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() != 3 { continue; }
        let (a, b) = (parts[1], parts[2]);
        let s = if parts[0] == "v" {
            match (Version::parse(a), Version::parse(b)) {
                (Ok(x), Ok(y)) => format!("{}", x.cmp(&y) as i8),
                _ => "!".to_string(),
            }
        } else {
            match (Version::parse(a), VersionReq::parse(b)) {
                (Ok(v), Ok(r)) => format!("{}", r.matches(&v)),
                _ => "!".to_string(),
            }
        };
        writeln!(out, "{}\t{}\t{}", a, b, s).unwrap();
    }
}
