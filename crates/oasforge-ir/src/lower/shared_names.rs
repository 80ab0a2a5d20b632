//! Final names of types: neutral names for types shared by several inline schemas, and a
//! bounded length.
//!
//! While lowering, an inline schema is named from where it was first met; when identical
//! inline schemas elsewhere share its type (`lower/shape.rs`), that name describes only one
//! of its uses (Stripe's `Customer.id` would be an `AccountId`). Once every use is known, a
//! shared type is named from what its uses have in common: the longest run of words that
//! ends every use's name (`AccountId`, `CustomerId`, `ChargeId` → `Id`), else the words
//! that start every use's name and the last word most of them end with. Types named inside a renamed type follow it. Then every name
//! longer than [`MAX_TYPE_NAME`] characters loses words from its middle, keeping the first
//! (the component or operation) and the last ones (what the value is).

use std::collections::{BTreeMap, HashSet};

use oasforge_spec::NodeRef;

use super::Lowerer;
use crate::names::{type_name, unique};
use crate::Api;

/// The longest type name generated; longer derived names are shortened.
pub(crate) const MAX_TYPE_NAME: usize = 64;

impl Lowerer<'_> {
    /// Renames shared inline types neutrally and shortens long names (see the module docs).
    pub(super) fn final_type_names(&self, api: &mut Api) {
        let mut users: BTreeMap<usize, Vec<&NodeRef>> = BTreeMap::new();
        for (node, id) in &self.by_node {
            users.entry(id.0).or_default().push(node);
        }
        let mut desired: Vec<Option<String>> = vec![None; api.types.len()];
        // (node the type was built from, name it had, name it gets), for types named
        // inside it.
        let mut renamed: Vec<(&NodeRef, String, String)> = Vec::new();
        for (id, def) in api.types.iter().enumerate() {
            let Some(nodes) = users.get(&id) else {
                continue;
            };
            let Some(built) = self.reserved_at.get(id) else {
                continue;
            };
            if nodes.len() >= 2 && !nodes.iter().any(|n| self.is_definition_site(n)) {
                let mut names: Vec<String> = nodes.iter().map(|n| self.inline_name(n)).collect();
                names.sort_unstable();
                names.dedup();
                if names.len() >= 2 {
                    let name = neutral_name(&names);
                    renamed.push((built, self.inline_name(built), name.clone()));
                    desired[id] = Some(name);
                    continue;
                }
            }
            // Named inside a renamed type: follow the nearest one.
            let inside = renamed
                .iter()
                .filter(|(at, _, _)| is_inside(built, at))
                .max_by_key(|(at, _, _)| at.pointer.as_str().len());
            if let Some((_, old, new)) = inside {
                if let Some(rest) = def.name.strip_prefix(old.as_str()) {
                    let name = format!("{new}{rest}");
                    renamed.push((built, def.name.clone(), name.clone()));
                    desired[id] = Some(name);
                }
            }
        }
        for (def, want) in api.types.iter().zip(desired.iter_mut()) {
            let name = want.as_deref().unwrap_or(&def.name);
            if name.len() > MAX_TYPE_NAME {
                *want = Some(shorten(name, MAX_TYPE_NAME));
            }
        }
        let mut taken: HashSet<String> = api
            .types
            .iter()
            .zip(&desired)
            .filter(|(_, want)| want.is_none())
            .map(|(def, _)| def.name.clone())
            .collect();
        for (def, want) in api.types.iter_mut().zip(desired) {
            if let Some(name) = want {
                def.name = unique(name, &mut taken);
            }
        }
    }
}

/// Whether `node` lies strictly inside the schema at `outer`.
fn is_inside(node: &NodeRef, outer: &NodeRef) -> bool {
    node.file == outer.file
        && node.pointer.as_str().len() > outer.pointer.as_str().len()
        && node.pointer.as_str().starts_with(outer.pointer.as_str())
        && node.pointer.as_str()[outer.pointer.as_str().len()..].starts_with('/')
}

/// The words of an UpperCamelCase name (`AccountId` → `Account`, `Id`).
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// The name of a type shared by uses named `names` (at least two, distinct): the words that
/// end all of them, else the words that start all of them followed by the last word most of
/// them end with (the first in alphabetical order on a tie).
pub(crate) fn neutral_name(names: &[String]) -> String {
    let split: Vec<Vec<&str>> = names.iter().map(|n| words(n)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while common < shortest {
        let word = split[0][split[0].len() - 1 - common];
        if split.iter().all(|w| w[w.len() - 1 - common] == word) {
            common += 1;
        } else {
            break;
        }
    }
    let first = &split[0];
    if common > 0 {
        return type_name(&first[first.len() - common..].concat());
    }
    // The words that start every name (the struct they all sit in, say) lead.
    let mut prefix = 0;
    while prefix + 1 < shortest && split.iter().all(|w| w[prefix] == first[prefix]) {
        prefix += 1;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &split {
        if let Some(last) = w.last() {
            *counts.entry(last).or_default() += 1;
        }
    }
    let best = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(word, _)| *word)
        .unwrap_or("Value");
    type_name(&format!("{}{best}", first[..prefix].concat()))
}

/// `name` cut to at most `max` characters by dropping whole words from its middle: the
/// first word stays, and as many of the last words as fit.
pub(crate) fn shorten(name: &str, max: usize) -> String {
    let w = words(name);
    let Some((first, rest)) = w.split_first() else {
        return name.to_owned();
    };
    let mut tail: Vec<&str> = Vec::new();
    let mut len = first.len();
    for word in rest.iter().rev() {
        if len + word.len() > max {
            break;
        }
        len += word.len();
        tail.push(word);
    }
    tail.reverse();
    let mut out = (*first).to_owned();
    if first.len() > max {
        out.truncate(max);
    }
    out.push_str(&tail.concat());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn shared_types_are_named_from_what_their_uses_share() {
        assert_eq!(
            neutral_name(&names(&["AccountId", "ChargeId", "CustomerId"])),
            "Id"
        );
        assert_eq!(
            neutral_name(&names(&[
                "BalanceTransactionDescription",
                "CustomerDescription"
            ])),
            "Description"
        );
        assert_eq!(
            neutral_name(&names(&["ListAOkShippingAddress", "GetBOkBillingAddress"])),
            "Address"
        );
        // Nothing in common: the most frequent last word, ties alphabetically.
        assert_eq!(
            neutral_name(&names(&["AStatus", "BStatus", "CState"])),
            "Status"
        );
        assert_eq!(neutral_name(&names(&["AState", "BStatus"])), "State");
        // Two properties of one struct: named in it.
        assert_eq!(
            neutral_name(&names(&["AssignmentId", "AssignmentOther"])),
            "AssignmentId"
        );
        // Still a valid, non-reserved type name.
        assert_eq!(neutral_name(&names(&["AString", "BString"])), "StringType");
    }

    #[test]
    fn long_names_lose_middle_words_deterministically() {
        let long = "CreateSomethingRequestPolicyRuleConfigurationApproversAnyOfApproverItemKind";
        let short = shorten(long, 48);
        assert!(short.len() <= 48, "{short}");
        assert!(short.starts_with("Create"), "{short}");
        assert!(short.ends_with("ApproverItemKind"), "{short}");
        assert_eq!(short, shorten(long, 48));
        assert_eq!(shorten("Short", 48), "Short");
        let one_word = "A".repeat(60);
        assert_eq!(shorten(&one_word, 48).len(), 48);
    }
}
