//! [`Part`]: where a runtime helper sits in its runtime file (an item, a method, an
//! optional variant).

/// Where a helper sits in its runtime file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// A named item and its `impl`s.
    Item(&'static str),
    /// A method of the `impl` group named first.
    Method(&'static str, &'static str),
    /// An optional variant of the enum named first (and the `match` arms of its `impl`s that
    /// name it); variants no helper names are always kept.
    Variant(&'static str, &'static str),
}

impl Part {
    /// The group of the runtime file the part belongs to.
    pub(crate) fn group(self) -> &'static str {
        match self {
            Part::Item(g) | Part::Method(g, _) | Part::Variant(g, _) => g,
        }
    }

    /// The part's own name (the item, method or variant).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Part::Item(n) | Part::Method(_, n) | Part::Variant(_, n) => n,
        }
    }
}
