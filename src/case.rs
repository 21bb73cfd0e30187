//! Lowercasing a character exactly as `char::to_lowercase` does, from a
//! table of runs instead of core's table of 1,400-odd character pairs
//! (12 KB in the module; README.md, "Size"). A run is a first character, a
//! count, a stride (1: every character; 2: every other one, where upper and
//! lower case alternate) and the distance to the lowercase letter. The table
//! is generated from `char::to_lowercase` by the test below, which also
//! checks every character against it: a Rust release with a newer Unicode
//! fails that test and prints the new table.

/// (first character, count, stride, distance) packed as the first
/// character in the top 24 bits, the stride's bit and the count below.
const fn run(first: u32, count: u32, stride: u32, delta: i32) -> (u32, i32) {
    (
        first << 8 | if stride == 2 { 0x80 } else { 0 } | count,
        delta,
    )
}

#[rustfmt::skip]
const RUNS: [(u32, i32); 185] = [
    run(0x41, 26, 1, 32), run(0xc0, 23, 1, 32), run(0xd8, 7, 1, 32), run(0x100, 24, 2, 1),
    run(0x132, 3, 2, 1), run(0x139, 8, 2, 1), run(0x14a, 23, 2, 1), run(0x178, 1, 1, -121),
    run(0x179, 3, 2, 1), run(0x181, 1, 1, 210), run(0x182, 2, 2, 1), run(0x186, 1, 1, 206),
    run(0x187, 1, 1, 1), run(0x189, 2, 1, 205), run(0x18b, 1, 1, 1), run(0x18e, 1, 1, 79),
    run(0x18f, 1, 1, 202), run(0x190, 1, 1, 203), run(0x191, 1, 1, 1), run(0x193, 1, 1, 205),
    run(0x194, 1, 1, 207), run(0x196, 1, 1, 211), run(0x197, 1, 1, 209), run(0x198, 1, 1, 1),
    run(0x19c, 1, 1, 211), run(0x19d, 1, 1, 213), run(0x19f, 1, 1, 214), run(0x1a0, 3, 2, 1),
    run(0x1a6, 1, 1, 218), run(0x1a7, 1, 1, 1), run(0x1a9, 1, 1, 218), run(0x1ac, 1, 1, 1),
    run(0x1ae, 1, 1, 218), run(0x1af, 1, 1, 1), run(0x1b1, 2, 1, 217), run(0x1b3, 2, 2, 1),
    run(0x1b7, 1, 1, 219), run(0x1b8, 1, 1, 1), run(0x1bc, 1, 1, 1), run(0x1c4, 1, 1, 2),
    run(0x1c5, 1, 1, 1), run(0x1c7, 1, 1, 2), run(0x1c8, 1, 1, 1), run(0x1ca, 1, 1, 2),
    run(0x1cb, 9, 2, 1), run(0x1de, 9, 2, 1), run(0x1f1, 1, 1, 2), run(0x1f2, 2, 2, 1),
    run(0x1f6, 1, 1, -97), run(0x1f7, 1, 1, -56), run(0x1f8, 20, 2, 1), run(0x220, 1, 1, -130),
    run(0x222, 9, 2, 1), run(0x23a, 1, 1, 10795), run(0x23b, 1, 1, 1), run(0x23d, 1, 1, -163),
    run(0x23e, 1, 1, 10792), run(0x241, 1, 1, 1), run(0x243, 1, 1, -195), run(0x244, 1, 1, 69),
    run(0x245, 1, 1, 71), run(0x246, 5, 2, 1), run(0x370, 2, 2, 1), run(0x376, 1, 1, 1),
    run(0x37f, 1, 1, 116), run(0x386, 1, 1, 38), run(0x388, 3, 1, 37), run(0x38c, 1, 1, 64),
    run(0x38e, 2, 1, 63), run(0x391, 17, 1, 32), run(0x3a3, 9, 1, 32), run(0x3cf, 1, 1, 8),
    run(0x3d8, 12, 2, 1), run(0x3f4, 1, 1, -60), run(0x3f7, 1, 1, 1), run(0x3f9, 1, 1, -7),
    run(0x3fa, 1, 1, 1), run(0x3fd, 3, 1, -130), run(0x400, 16, 1, 80), run(0x410, 32, 1, 32),
    run(0x460, 17, 2, 1), run(0x48a, 27, 2, 1), run(0x4c0, 1, 1, 15), run(0x4c1, 7, 2, 1),
    run(0x4d0, 48, 2, 1), run(0x531, 38, 1, 48), run(0x10a0, 38, 1, 7264), run(0x10c7, 1, 1, 7264),
    run(0x10cd, 1, 1, 7264), run(0x13a0, 80, 1, 38864), run(0x13f0, 6, 1, 8), run(0x1c89, 1, 1, 1),
    run(0x1c90, 43, 1, -3008), run(0x1cbd, 3, 1, -3008), run(0x1e00, 75, 2, 1),
    run(0x1e9e, 1, 1, -7615), run(0x1ea0, 48, 2, 1), run(0x1f08, 8, 1, -8), run(0x1f18, 6, 1, -8),
    run(0x1f28, 8, 1, -8), run(0x1f38, 8, 1, -8), run(0x1f48, 6, 1, -8), run(0x1f59, 4, 2, -8),
    run(0x1f68, 8, 1, -8), run(0x1f88, 8, 1, -8), run(0x1f98, 8, 1, -8), run(0x1fa8, 8, 1, -8),
    run(0x1fb8, 2, 1, -8), run(0x1fba, 2, 1, -74), run(0x1fbc, 1, 1, -9), run(0x1fc8, 4, 1, -86),
    run(0x1fcc, 1, 1, -9), run(0x1fd8, 2, 1, -8), run(0x1fda, 2, 1, -100), run(0x1fe8, 2, 1, -8),
    run(0x1fea, 2, 1, -112), run(0x1fec, 1, 1, -7), run(0x1ff8, 2, 1, -128),
    run(0x1ffa, 2, 1, -126), run(0x1ffc, 1, 1, -9), run(0x2126, 1, 1, -7517),
    run(0x212a, 1, 1, -8383), run(0x212b, 1, 1, -8262), run(0x2132, 1, 1, 28),
    run(0x2160, 16, 1, 16), run(0x2183, 1, 1, 1), run(0x24b6, 26, 1, 26), run(0x2c00, 48, 1, 48),
    run(0x2c60, 1, 1, 1), run(0x2c62, 1, 1, -10743), run(0x2c63, 1, 1, -3814),
    run(0x2c64, 1, 1, -10727), run(0x2c67, 3, 2, 1), run(0x2c6d, 1, 1, -10780),
    run(0x2c6e, 1, 1, -10749), run(0x2c6f, 1, 1, -10783), run(0x2c70, 1, 1, -10782),
    run(0x2c72, 1, 1, 1), run(0x2c75, 1, 1, 1), run(0x2c7e, 2, 1, -10815), run(0x2c80, 50, 2, 1),
    run(0x2ceb, 2, 2, 1), run(0x2cf2, 1, 1, 1), run(0xa640, 23, 2, 1), run(0xa680, 14, 2, 1),
    run(0xa722, 7, 2, 1), run(0xa732, 31, 2, 1), run(0xa779, 2, 2, 1), run(0xa77d, 1, 1, -35332),
    run(0xa77e, 5, 2, 1), run(0xa78b, 1, 1, 1), run(0xa78d, 1, 1, -42280), run(0xa790, 2, 2, 1),
    run(0xa796, 10, 2, 1), run(0xa7aa, 1, 1, -42308), run(0xa7ab, 1, 1, -42319),
    run(0xa7ac, 1, 1, -42315), run(0xa7ad, 1, 1, -42305), run(0xa7ae, 1, 1, -42308),
    run(0xa7b0, 1, 1, -42258), run(0xa7b1, 1, 1, -42282), run(0xa7b2, 1, 1, -42261),
    run(0xa7b3, 1, 1, 928), run(0xa7b4, 8, 2, 1), run(0xa7c4, 1, 1, -48),
    run(0xa7c5, 1, 1, -42307), run(0xa7c6, 1, 1, -35384), run(0xa7c7, 2, 2, 1),
    run(0xa7cb, 1, 1, -42343), run(0xa7cc, 8, 2, 1), run(0xa7dc, 1, 1, -42561),
    run(0xa7f5, 1, 1, 1), run(0xff21, 26, 1, 32), run(0x10400, 40, 1, 40), run(0x104b0, 36, 1, 40),
    run(0x10570, 11, 1, 39), run(0x1057c, 15, 1, 39), run(0x1058c, 7, 1, 39),
    run(0x10594, 2, 1, 39), run(0x10c80, 51, 1, 64), run(0x10d50, 22, 1, 32),
    run(0x118a0, 32, 1, 32), run(0x16e40, 32, 1, 32), run(0x16ea0, 25, 1, 27),
    run(0x1e900, 34, 1, 34),
];

/// Pushes the lowercase of `c` (one character, or for U+0130 two) to `out`.
pub fn push_lower(c: char, out: &mut String) {
    if c == '\u{130}' {
        out.push_str("i\u{307}");
        return;
    }
    out.push(lower(c));
}

/// The one-character lowercase of `c` (U+0130 gives `i`, the first of its two).
pub fn lower(c: char) -> char {
    let code = u32::from(c);
    if code < 0x80 {
        return c.to_ascii_lowercase();
    }
    let i = RUNS.partition_point(|&(packed, _)| packed >> 8 <= code);
    let Some(&(packed, delta)) = i.checked_sub(1).and_then(|i| RUNS.get(i)) else {
        return c;
    };
    let (first, every_other, count) = (packed >> 8, packed & 0x80 != 0, packed & 0x7F);
    let offset = code.wrapping_sub(first);
    let inside = if every_other {
        offset & 1 == 0 && offset >> 1 < count
    } else {
        offset < count
    };
    if inside {
        code.checked_add_signed(delta)
            .and_then(char::from_u32)
            .unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs, greedily, from `char::to_lowercase`.
    fn from_std() -> Vec<(u32, u32, u32, i32)> {
        let mut pairs = Vec::new();
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let mut l = c.to_lowercase();
            if let (Some(x), None) = (l.next(), l.next()) {
                if x != c {
                    pairs.push((
                        u32::from(c),
                        i32::try_from(i64::from(u32::from(x)) - i64::from(u32::from(c))).unwrap(),
                    ));
                }
            }
        }
        let mut runs = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let (first, delta) = pairs[i];
            let mut j = i + 1;
            let stride = match pairs.get(j) {
                Some(&(c, d)) if d == delta && (c - first == 1 || c - first == 2) => c - first,
                _ => 1,
            };
            while j < pairs.len()
                && pairs[j].1 == delta
                && pairs[j].0 == pairs[j - 1].0 + stride
                && j - i < 127
            {
                j += 1;
            }
            runs.push((first, (j - i) as u32, stride, delta));
            i = j;
        }
        runs
    }

    #[test]
    fn the_table_is_what_std_gives() {
        let ours: Vec<(u32, i32)> = from_std()
            .iter()
            .map(|&(f, n, s, d)| run(f, n, s, d))
            .collect();
        if ours != RUNS {
            let text: Vec<String> = from_std()
                .iter()
                .map(|(f, n, s, d)| format!("run({f:#x}, {n}, {s}, {d}),"))
                .collect();
            panic!(
                "src/case.rs: RUNS is out of date; new table:\n{}",
                text.join(" ")
            );
        }
    }

    #[test]
    fn every_character_lowercases_as_std() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let mut ours = String::new();
            push_lower(c, &mut ours);
            assert_eq!(
                ours,
                c.to_lowercase().collect::<String>(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
