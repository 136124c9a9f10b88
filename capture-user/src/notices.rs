//! Engine notices: how the capture runs (backend, ingress counter, rings, writer CPU, output
//! path), which tcpdump has no words for. With tcpdump's flags only, stderr is tcpdump's, so
//! these are printed only with `--notices`, and always recorded in `--stats-json` (`engine`).

/// The notices of one run, in the order they were made.
#[derive(Debug, Default)]
pub struct Notices {
    /// Print each notice on stderr as it is made (`--notices`).
    print: bool,
    items: Vec<(&'static str, String)>,
}

impl Notices {
    /// Notices printed on stderr when `print` is set.
    pub fn new(print: bool) -> Self {
        Self {
            print,
            items: Vec::new(),
        }
    }

    /// Records (and with `--notices`, prints) what `key` is in this run.
    pub fn note(&mut self, key: &'static str, value: impl std::fmt::Display) {
        let value = value.to_string();
        if self.print {
            eprintln!("capture: {key}: {value}");
        }
        self.items.push((key, value));
    }

    /// The notices as a JSON object (`key: value`, in order).
    pub fn to_json(&self) -> serde_json::Value {
        self.items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone())))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}
