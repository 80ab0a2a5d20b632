//! The fixed clippy sample: documents drawn by a seed from strata of OpenAPI version
//! (3.0.0, later 3.0.x) and size (five bands of equal count), in proportion to each
//! stratum's size with at least a few from each, plus every 3.1 document.

use std::collections::BTreeMap;

use crate::list::Entry;

/// Size bands (quantiles of document size among the 3.0 documents).
const BANDS: usize = 5;
/// The fewest documents drawn from a non-empty stratum.
const MIN_PER_STRATUM: usize = 3;

/// A small deterministic generator (SplitMix64), so a seed gives the same sample everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (n > 0); the modulo bias is irrelevant at corpus sizes.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The stratum of a 3.0 document: version group and size band.
fn version_group(version: &str) -> &'static str {
    if version == "3.0.0" {
        "3.0.0"
    } else {
        "3.0.x"
    }
}

/// Draws about `size` 3.0 documents by `seed` (in drawing order, strata interleaved), then
/// appends every 3.1 document; each path once.
pub fn draw(entries: &[Entry], size: usize, seed: u64) -> Vec<String> {
    let mut rest: Vec<&Entry> = entries
        .iter()
        .filter(|e| !e.version.starts_with("3.1"))
        .collect();
    rest.sort_by(|a, b| a.bytes.cmp(&b.bytes).then(a.path.cmp(&b.path)));
    let n = rest.len();
    let mut strata: BTreeMap<(usize, &str), Vec<&Entry>> = BTreeMap::new();
    for (rank, entry) in rest.iter().enumerate() {
        let band = rank * BANDS / n.max(1);
        strata
            .entry((band, version_group(&entry.version)))
            .or_default()
            .push(entry);
    }
    let quotas = quotas(&strata.values().map(Vec::len).collect::<Vec<_>>(), size);
    let mut rng = SplitMix(seed);
    let mut drawn: Vec<Vec<&Entry>> = Vec::new();
    for (members, quota) in strata.into_values().zip(quotas) {
        let mut members = members;
        // Partial Fisher–Yates: the first `quota` places are a uniform draw.
        for i in 0..quota.min(members.len()) {
            let j = i + rng.below(members.len() - i);
            members.swap(i, j);
        }
        members.truncate(quota);
        drawn.push(members);
    }
    // Interleave strata, so a run cut short still covers every stratum.
    let mut out = Vec::new();
    let longest = drawn.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        out.extend(
            drawn
                .iter()
                .filter_map(|s| s.get(i))
                .map(|e| e.path.clone()),
        );
    }
    let mut v31: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.version.starts_with("3.1"))
        .collect();
    v31.sort_by(|a, b| a.path.cmp(&b.path));
    out.extend(v31.into_iter().map(|e| e.path.clone()));
    out
}

/// Per-stratum counts: proportional to stratum size (largest remainders), at least
/// [`MIN_PER_STRATUM`] (or the whole stratum when smaller); the sum is at least `size`
/// unless the strata hold fewer documents.
fn quotas(sizes: &[usize], size: usize) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    if total == 0 {
        return vec![0; sizes.len()];
    }
    let mut quotas: Vec<usize> = sizes
        .iter()
        .map(|&s| (s * size / total).max(MIN_PER_STRATUM).min(s))
        .collect();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((sizes[i] * size) % total));
    while quotas.iter().sum::<usize>() < size.min(total) {
        for &i in &order {
            if quotas.iter().sum::<usize>() >= size.min(total) {
                break;
            }
            if quotas[i] < sizes[i] {
                quotas[i] += 1;
            }
        }
    }
    quotas
}

/// The sample file: a header saying how it was drawn, then one path a line.
pub fn render(paths: &[String], size: usize, seed: u64, corpus_docs: usize) -> String {
    let mut out = format!(
        "# The clippy sample of the wide corpus ({corpus_docs} documents): {size} documents of \
         OpenAPI 3.0\n# drawn by seed {seed} from strata of version (3.0.0, later 3.0.x) and \
         size (five bands),\n# then every 3.1 document. Written by\n#   cargo run --release -p \
         oasforge-corpus -- sample target/corpus-wide --size {size} --seed {seed}\n"
    );
    for path in paths {
        out.push_str(path);
        out.push('\n');
    }
    out
}

/// Reads a sample file back: the paths, without comments and blank lines.
pub fn parse(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Entry> {
        (0..1000u64)
            .map(|i| Entry {
                path: format!("api{i}.json"),
                version: match i % 20 {
                    0 => "3.1.0",
                    1..=3 => "3.0.3",
                    _ => "3.0.0",
                }
                .to_owned(),
                bytes: 1000 + i * 37 % 997 * 100,
                operations: 1,
            })
            .collect()
    }

    #[test]
    fn same_seed_same_sample_and_another_seed_another() {
        let c = corpus();
        assert_eq!(draw(&c, 150, 13), draw(&c, 150, 13));
        assert_ne!(draw(&c, 150, 13), draw(&c, 150, 14));
    }

    #[test]
    fn holds_the_size_asked_plus_every_3_1_document_once() {
        let c = corpus();
        let sample = draw(&c, 150, 13);
        let v31 = c.iter().filter(|e| e.version == "3.1.0").count();
        assert_eq!(v31, 50);
        let v30 = sample.len() - v31;
        assert!((150..170).contains(&v30), "{v30} documents of 3.0");
        let unique: std::collections::HashSet<_> = sample.iter().collect();
        assert_eq!(unique.len(), sample.len());
        for e in c.iter().filter(|e| e.version == "3.1.0") {
            assert!(sample.contains(&e.path));
        }
    }

    #[test]
    fn every_stratum_is_represented() {
        let c = corpus();
        let sample: std::collections::HashSet<String> = draw(&c, 150, 7).into_iter().collect();
        let picked: Vec<&Entry> = c.iter().filter(|e| sample.contains(&e.path)).collect();
        // The smaller version group is drawn from, and both the smallest and the largest
        // documents of 3.0 are in.
        assert!(picked.iter().any(|e| e.version == "3.0.3"));
        let mut sizes: Vec<u64> = c
            .iter()
            .filter(|e| e.version != "3.1.0")
            .map(|e| e.bytes)
            .collect();
        sizes.sort_unstable();
        let (low, high) = (sizes[sizes.len() / 5], sizes[sizes.len() * 4 / 5]);
        assert!(picked.iter().any(|e| e.version != "3.1.0" && e.bytes < low));
        assert!(picked
            .iter()
            .any(|e| e.version != "3.1.0" && e.bytes > high));
    }

    #[test]
    fn quotas_are_proportional_with_a_floor() {
        assert_eq!(quotas(&[900, 100], 100), vec![90, 10]);
        assert_eq!(quotas(&[990, 10], 100), vec![99, 3]);
        assert_eq!(quotas(&[2, 0], 10), vec![2, 0]);
    }

    #[test]
    fn the_rendered_file_reads_back() {
        let paths = vec!["a.json".to_owned(), "b/c.json".to_owned()];
        assert_eq!(parse(&render(&paths, 2, 13, 2)), paths);
    }
}
