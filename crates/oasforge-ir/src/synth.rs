//! A value synthesizer: JSON values that are valid by a type of the IR.
//!
//! [`Synth::value`] makes, from a [`Ty`] and a seed, a `serde_json::Value` that the schema
//! accepts: the scalar's type and `format`, `pattern` (a string generated from the regex),
//! bounds and `multipleOf`, lengths, item and property counts, `enum` and `const`, `null`
//! for nullable uses, one branch of a union chosen by the seed (with its discriminator value
//! set), optional properties present or absent by the seed, and recursion cut off at a
//! depth. The spec's examples are used first when they fit. The same seed always gives the
//! same value. It serves the wire harness (inputs for every operation) and mock servers.

use std::collections::HashSet;

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Number, Value};

use crate::{Additional, Api, Bound, Constraints, Scalar, Struct, Ty, TyKind, TypeKind};

/// Which way a value travels: decides whether `readOnly` / `writeOnly` properties appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by a client: `readOnly` properties are left out.
    Request,
    /// Sent by a server: `writeOnly` properties are left out.
    Response,
}

/// A small deterministic generator (SplitMix64): the same seed gives the same values on
/// every platform, with no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is `0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// A number in `lo..=hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    /// `true` with probability `1/n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

/// The synthesizer over one [`Api`].
#[derive(Debug)]
pub struct Synth<'a> {
    api: &'a Api,
    rng: Rng,
    direction: Direction,
    /// Beyond this depth only what is required is made (empty arrays, absent optionals).
    max_depth: usize,
}

impl<'a> Synth<'a> {
    /// A synthesizer for values of `api` travelling in `direction`, seeded with `seed`.
    pub fn new(api: &'a Api, direction: Direction, seed: u64) -> Self {
        Self {
            api,
            rng: Rng::new(seed),
            direction,
            max_depth: 4,
        }
    }

    /// The generator, for callers that make further choices from the same seed.
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// A value valid by `ty`.
    pub fn value(&mut self, ty: &Ty) -> Value {
        self.ty(ty, 0)
    }

    /// A value valid by `ty`, never `null` even when `ty` is nullable and never an empty
    /// array (for parameters, where neither has a spelling).
    pub fn present(&mut self, ty: &Ty) -> Value {
        let mut ty = ty.clone();
        ty.nullable = false;
        if matches!(ty.kind, TyKind::Array(_)) && ty.constraints.min_items.unwrap_or(0) == 0 {
            std::sync::Arc::make_mut(&mut ty.constraints).min_items = Some(1);
        }
        let value = self.ty(&ty, 0);
        if value.is_null() {
            Value::String("x".into())
        } else {
            value
        }
    }

    fn ty(&mut self, ty: &Ty, depth: usize) -> Value {
        let c = &*ty.constraints;
        if ty.nullable && (depth >= self.max_depth || self.rng.one_in(5)) {
            return Value::Null;
        }
        if let Some(value) = &c.const_value {
            return value.clone();
        }
        if let Some(values) = c.enum_values.as_ref().filter(|v| !v.is_empty()) {
            // Only values of the declared type (a spec may list `"1"` for an integer).
            let candidates: Vec<&Value> = values
                .iter()
                .filter(|v| !v.is_null() && fits_kind(&ty.kind, v))
                .collect();
            if !candidates.is_empty() {
                return candidates[self.rng.below(candidates.len() as u64) as usize].clone();
            }
            // `enum: [null]`: null is the only value that fits.
            if ty.nullable && values.iter().any(Value::is_null) {
                return Value::Null;
            }
        }
        match &ty.kind {
            TyKind::Named(id) => self.named(*id, c, depth),
            TyKind::Scalar(s) => self.scalar(*s, c),
            TyKind::Array(item) => self.array(item, c, depth),
            TyKind::Map(value) => self.map(value, c, depth),
            TyKind::Any => self.any(c),
        }
    }

    fn named(&mut self, id: crate::TypeId, c: &Constraints, depth: usize) -> Value {
        let def = self.api.type_def(id);
        match &def.kind {
            TypeKind::Struct(s) => self.object(s, depth),
            TypeKind::Enum(e) => {
                if e.variants.is_empty() {
                    return Value::String(String::new());
                }
                let i = self.rng.below(e.variants.len() as u64) as usize;
                Value::String(e.variants[i].wire_value.clone())
            }
            TypeKind::IntEnum(e) => {
                if e.variants.is_empty() {
                    return Value::from(0);
                }
                let i = self.rng.below(e.variants.len() as u64) as usize;
                Value::from(e.variants[i].value)
            }
            TypeKind::Alias(inner) => {
                // The use's own constraints add to the alias's.
                let mut inner = (**inner).clone();
                if *c != Constraints::default() && *inner.constraints == Constraints::default() {
                    inner.constraints = std::sync::Arc::new(c.clone());
                }
                self.ty(&inner, depth)
            }
            TypeKind::Tuple(items) => {
                Value::Array(items.iter().map(|t| self.ty(t, depth + 1)).collect())
            }
            TypeKind::Union(u) => {
                if u.variants.is_empty() {
                    return Value::Null;
                }
                // The seed chooses the branch; a discriminator gets the value that names
                // it (a declared tag property is overwritten so the two agree). A `oneOf`
                // without one needs a value that exactly one branch accepts: a value that
                // several accept (an integer for `integer` and `number`, an object for
                // branches with only optional properties) is made again, a few times.
                let attempts = if u.exclusive && u.tag.is_none() { 8 } else { 1 };
                let mut value = Value::Null;
                for _ in 0..attempts {
                    let i = self.rng.below(u.variants.len() as u64) as usize;
                    let variant = &u.variants[i];
                    value = self.ty(&variant.ty, depth + 1);
                    if let (Some(tag), Some(wire), Value::Object(map)) =
                        (&u.tag, variant.tags.first(), &mut value)
                    {
                        map.insert(tag.property.clone(), Value::String(wire.clone()));
                    }
                    if attempts == 1 || accepting(self.api, u, &value, self.direction, "") == 1 {
                        break;
                    }
                }
                value
            }
        }
    }

    fn object(&mut self, s: &Struct, depth: usize) -> Value {
        let mut map = Map::new();
        let deep = depth >= self.max_depth;
        let min = s.min_properties.unwrap_or(0) as usize;
        let max = s.max_properties.map_or(usize::MAX, |m| m as usize);
        let mut optional = Vec::new();
        for field in &s.fields {
            let skipped = match self.direction {
                Direction::Request => field.read_only,
                Direction::Response => field.write_only,
            };
            if skipped {
                continue;
            }
            // A property bound to the other direction was skipped above.
            let needed = field.required;
            if needed {
                let value = self.field_value(field, depth);
                map.insert(field.wire_name.clone(), value);
            } else if !deep && self.rng.one_in(2) {
                if let Some(value) = self.optional_value(field, depth) {
                    map.insert(field.wire_name.clone(), value);
                }
            } else {
                optional.push(field);
            }
        }
        // Meet `minProperties` with optional properties first, then made-up ones.
        while map.len() < min {
            if let Some(field) = optional.pop() {
                if let Some(value) = self.optional_value(field, depth) {
                    map.insert(field.wire_name.clone(), value);
                }
            } else if let Additional::Map(value_ty) = &s.additional {
                let key = format!("extra{}", map.len());
                let value = self.ty(value_ty, depth + 1);
                map.insert(key, value);
            } else {
                break;
            }
        }
        while map.len() > max {
            // Drop optional properties added by chance (the last ones first).
            let removable = s
                .fields
                .iter()
                .rev()
                .find(|f| !f.required && map.contains_key(&f.wire_name));
            match removable {
                Some(f) => {
                    map.shift_remove(&f.wire_name);
                }
                None => break,
            }
        }
        Value::Object(map)
    }

    /// A value for an optional property, or `None` when the one made does not fit: a
    /// schema nothing satisfies (`type: integer` with an `enum` of strings) is left out
    /// rather than answered wrong.
    fn optional_value(&mut self, field: &crate::Field, depth: usize) -> Option<Value> {
        let value = self.field_value(field, depth);
        conforms(self.api, &field.ty, &value, self.direction)
            .is_ok()
            .then_some(value)
    }

    fn field_value(&mut self, field: &crate::Field, depth: usize) -> Value {
        // The spec's own example first, when it fits the type.
        if !field.examples.is_empty() && self.rng.one_in(2) {
            let i = self.rng.below(field.examples.len() as u64) as usize;
            let example = &field.examples[i];
            if conforms(self.api, &field.ty, example, self.direction).is_ok() {
                return example.clone();
            }
        }
        self.ty(&field.ty, depth + 1)
    }

    fn array(&mut self, item: &Ty, c: &Constraints, depth: usize) -> Value {
        let min = c.min_items.unwrap_or(0);
        let max = c.max_items.unwrap_or(u64::MAX);
        let wanted = if depth >= self.max_depth {
            min
        } else {
            self.rng.range(min, min.saturating_add(2))
        }
        .min(max);
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        let mut attempts = 0;
        while (items.len() as u64) < wanted && attempts < wanted * 8 + 8 {
            attempts += 1;
            let value = self.ty(item, depth + 1);
            if c.unique_items && !seen.insert(value.to_string()) {
                continue;
            }
            items.push(value);
        }
        Value::Array(items)
    }

    fn map(&mut self, value_ty: &Ty, c: &Constraints, depth: usize) -> Value {
        let min = c.min_properties.unwrap_or(0);
        let max = c.max_properties.unwrap_or(u64::MAX);
        let wanted = if depth >= self.max_depth {
            min
        } else {
            self.rng.range(min, min + 2)
        }
        .min(max);
        let mut map = Map::new();
        for i in 0..wanted {
            let value = self.ty(value_ty, depth + 1);
            map.insert(format!("key{i}"), value);
        }
        Value::Object(map)
    }

    fn any(&mut self, c: &Constraints) -> Value {
        if c.pattern.is_some() || c.min_length.is_some() || c.format.is_some() {
            return self.string(c);
        }
        match self.rng.below(3) {
            0 => Value::String("any".into()),
            1 => Value::from(self.rng.below(100)),
            _ => Value::Bool(self.rng.one_in(2)),
        }
    }

    fn scalar(&mut self, s: Scalar, c: &Constraints) -> Value {
        match s {
            Scalar::Bool => Value::Bool(self.rng.one_in(2)),
            Scalar::I32 => self.integer(c, i32::MIN as f64, i32::MAX as f64),
            Scalar::I64 => self.integer(c, -1e15, 1e15),
            Scalar::U32 => self.integer(c, 0.0, u32::MAX as f64),
            Scalar::U64 => self.integer(c, 0.0, 1e15),
            Scalar::F32 | Scalar::F64 => self.number(c),
            Scalar::DateTime => Value::String(self.date_time()),
            Scalar::Date => Value::String(self.date()),
            Scalar::Uuid => Value::String(self.uuid()),
            Scalar::Ipv4 => Value::String(self.ipv4()),
            Scalar::Ipv6 => Value::String(self.ipv6()),
            Scalar::String | Scalar::Binary | Scalar::Byte => self.string(c),
        }
    }

    /// The integer range the bounds allow, within `lo..=hi`.
    fn int_range(c: &Constraints, lo: f64, hi: f64) -> (i64, i64) {
        let low = match c.minimum {
            Some(Bound { value, exclusive }) => {
                let v = value.ceil();
                if exclusive && v == value {
                    v + 1.0
                } else {
                    v
                }
            }
            None => lo,
        }
        .max(lo);
        let high = match c.maximum {
            Some(Bound { value, exclusive }) => {
                let v = value.floor();
                if exclusive && v == value {
                    v - 1.0
                } else {
                    v
                }
            }
            None => hi,
        }
        .min(hi);
        (low as i64, high as i64)
    }

    fn integer(&mut self, c: &Constraints, lo: f64, hi: f64) -> Value {
        let (low, high) = Self::int_range(c, lo, hi);
        // A small window near the lower bound (or near zero) keeps values readable.
        let start = if low <= 0 && high >= 0 { 0 } else { low };
        let start = if c.minimum.is_some() { low } else { start };
        let span_end = high.min(start.saturating_add(100));
        if let Some(m) = c.multiple_of.filter(|m| *m > 0.0 && m.fract() == 0.0) {
            let m = m as i64;
            let first = start.div_euclid(m) * m;
            let first = if first < low { first + m } else { first };
            let steps = ((span_end - first) / m).max(0) as u64;
            let v = first + m * self.rng.range(0, steps.min(10)) as i64;
            return Value::from(v);
        }
        let v = start + self.rng.range(0, (span_end - start).max(0) as u64) as i64;
        Value::from(v)
    }

    fn number(&mut self, c: &Constraints) -> Value {
        if c.multiple_of.is_some_and(|m| m.fract() == 0.0) {
            return self.integer(c, -1e15, 1e15);
        }
        let low = c.minimum.map_or(0.0, |b| b.value);
        let high = c.maximum.map_or(low + 100.0, |b| b.value);
        let low = if c.minimum.is_none() && high < 0.0 {
            high - 100.0
        } else {
            low
        };
        if let Some(m) = c.multiple_of.filter(|m| *m > 0.0) {
            let first = (low / m).ceil();
            let mut k = first + self.rng.below(10) as f64;
            while k * m > high && k > first {
                k -= 1.0;
            }
            if c.minimum.is_some_and(|b| b.exclusive && k * m <= b.value) {
                k += 1.0;
            }
            return number_value(k * m);
        }
        // A value strictly inside the bounds: about a quarter, half or three quarters of
        // the way (off the quarters, so that a range of whole numbers gives fractions too:
        // a `oneOf` of `integer` and `number` needs one).
        let fraction = [0.255, 0.5, 0.745][self.rng.below(3) as usize];
        let v = low + (high - low) * fraction;
        let v = (v * 100.0).round() / 100.0;
        let inside = |v: f64| {
            c.minimum.is_none_or(|b| {
                if b.exclusive {
                    v > b.value
                } else {
                    v >= b.value
                }
            }) && c.maximum.is_none_or(|b| {
                if b.exclusive {
                    v < b.value
                } else {
                    v <= b.value
                }
            })
        };
        number_value(if inside(v) {
            v
        } else {
            low + (high - low) / 2.0
        })
    }

    fn string(&mut self, c: &Constraints) -> Value {
        let min = c.min_length.unwrap_or(0) as usize;
        let max = c.max_length.map_or(usize::MAX, |m| m as usize);
        if let Some(pattern) = &c.pattern {
            for _ in 0..16 {
                if let Some(s) = self.matching(pattern) {
                    let n = s.chars().count();
                    if n >= min && n <= max {
                        return Value::String(s);
                    }
                }
            }
        }
        let formatted = match c.format.as_deref() {
            Some("date-time") => Some(self.date_time()),
            Some("date") => Some(self.date()),
            Some("time") => Some(format!(
                "{:02}:{:02}:00Z",
                self.rng.below(24),
                self.rng.below(60)
            )),
            Some("uuid") => Some(self.uuid()),
            Some("email") | Some("idn-email") => {
                Some(format!("user{}@example.com", self.rng.below(1000)))
            }
            Some("uri") | Some("url") | Some("iri") => {
                Some(format!("https://example.com/r/{}", self.rng.below(1000)))
            }
            Some("uri-reference") | Some("iri-reference") => {
                Some(format!("/r/{}", self.rng.below(1000)))
            }
            Some("hostname") | Some("idn-hostname") => {
                Some(format!("host{}.example.com", self.rng.below(100)))
            }
            Some("ipv4") => Some(self.ipv4()),
            Some("ipv6") => Some(self.ipv6()),
            Some("byte") => Some(base64(&self.word(min.max(3).min(max.max(3)) * 3 / 4 + 1))),
            Some("duration") => Some(format!("P{}D", self.rng.range(1, 30))),
            _ => None,
        };
        if let Some(s) = formatted {
            let n = s.chars().count();
            if n >= min && n <= max {
                return Value::String(s);
            }
        }
        let len = self
            .rng
            .range(min.max(1) as u64, min.max(1) as u64 + 8)
            .min(max as u64) as usize;
        let len = len.max(min);
        Value::String(self.word(len))
    }

    fn word(&mut self, len: usize) -> String {
        const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
        (0..len)
            .map(|_| LETTERS[self.rng.below(LETTERS.len() as u64) as usize] as char)
            .collect()
    }

    /// A string matching `pattern` (an ECMA regex, translated), when it can be parsed.
    fn matching(&mut self, pattern: &str) -> Option<String> {
        let translated = crate::pattern::translate(pattern);
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&translated)
            .ok()?;
        let mut out = String::new();
        self.hir(&hir, &mut out);
        let re = regex::Regex::new(&translated).ok()?;
        re.is_match(&out).then_some(out)
    }

    fn hir(&mut self, hir: &Hir, out: &mut String) {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
            HirKind::Class(Class::Unicode(class)) => {
                let ranges = class.ranges();
                if ranges.is_empty() {
                    return;
                }
                // Prefer printable ASCII (readable, no encoding surprises).
                let ascii: Vec<_> = ranges
                    .iter()
                    .filter_map(|r| {
                        let lo = r.start().max('!');
                        let hi = r.end().min('~');
                        (lo <= hi).then_some((lo, hi))
                    })
                    .collect();
                let (lo, hi) = if ascii.is_empty() {
                    let r = ranges[self.rng.below(ranges.len() as u64) as usize];
                    (r.start(), r.end())
                } else {
                    ascii[self.rng.below(ascii.len() as u64) as usize]
                };
                let mut code = self.rng.range(lo as u64, hi as u64) as u32;
                while char::from_u32(code).is_none() {
                    code -= 1;
                }
                out.push(char::from_u32(code).unwrap_or(lo));
            }
            HirKind::Class(Class::Bytes(class)) => {
                let ranges = class.ranges();
                if let Some(r) = ranges.first() {
                    let b = self.rng.range(r.start() as u64, r.end().min(0x7e) as u64) as u8;
                    out.push(b as char);
                }
            }
            HirKind::Repetition(rep) => {
                let max = rep.max.unwrap_or(rep.min + 3).min(rep.min + 3);
                let n = self.rng.range(rep.min as u64, max as u64);
                for _ in 0..n {
                    self.hir(&rep.sub, out);
                }
            }
            HirKind::Capture(cap) => self.hir(&cap.sub, out),
            HirKind::Concat(parts) => {
                for part in parts {
                    self.hir(part, out);
                }
            }
            HirKind::Alternation(alts) => {
                let i = self.rng.below(alts.len() as u64) as usize;
                self.hir(&alts[i], out);
            }
        }
    }

    fn date(&mut self) -> String {
        format!(
            "20{:02}-{:02}-{:02}",
            self.rng.range(10, 30),
            self.rng.range(1, 12),
            self.rng.range(1, 28)
        )
    }

    fn date_time(&mut self) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            self.rng.below(24),
            self.rng.below(60),
            self.rng.below(60)
        )
    }

    fn uuid(&mut self) -> String {
        let a = self.rng.next_u64();
        let b = self.rng.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            8 + (b >> 62),
            (b >> 48) & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }

    fn ipv4(&mut self) -> String {
        format!(
            "10.{}.{}.{}",
            self.rng.below(256),
            self.rng.below(256),
            self.rng.range(1, 254)
        )
    }

    fn ipv6(&mut self) -> String {
        format!("2001:db8::{:x}", self.rng.range(1, 0xffff))
    }
}

/// Whether an `enum` value has the JSON type of a use's shape.
fn fits_kind(kind: &TyKind, value: &Value) -> bool {
    match kind {
        TyKind::Scalar(Scalar::Bool) => value.is_boolean(),
        TyKind::Scalar(Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64) => {
            value.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        TyKind::Scalar(Scalar::F32 | Scalar::F64) => value.is_number(),
        TyKind::Scalar(_) => value.is_string(),
        TyKind::Array(_) => value.is_array(),
        _ => true,
    }
}

fn number_value(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Number::from_f64(v).map_or(Value::from(0), Value::Number)
    }
}

fn base64(s: &str) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = s.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

mod conform;

use conform::accepting;
pub use conform::{conforms, Misfit};

#[cfg(test)]
mod tests;
