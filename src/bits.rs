//! A fixed set of small indices (pool positions, regions, populations) as
//! 256 bits: the search's region sets and coverage masks. Three clouds
//! together have more than 128 regions, so a `u128` no longer holds them;
//! the catalog loader refuses more than [`Bits::CAPACITY`] regions and the
//! spec reader more populations.

/// A set of indices below [`Bits::CAPACITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bits([u64; 4]);

impl Bits {
    /// The most indices a set holds.
    pub const CAPACITY: usize = 256;
    pub const EMPTY: Bits = Bits([0; 4]);

    /// The set {0, …, n − 1}.
    pub fn below(n: usize) -> Bits {
        let mut out = Bits::EMPTY;
        for (w, word) in out.0.iter_mut().enumerate() {
            let lo = w * 64;
            if n >= lo + 64 {
                *word = u64::MAX;
            } else if n > lo {
                *word = (1u64 << (n - lo)) - 1;
            }
        }
        out
    }

    pub fn one(i: usize) -> Bits {
        let mut out = Bits::EMPTY;
        out.insert(i);
        out
    }

    pub fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1u64 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        i < Self::CAPACITY && self.0[i / 64] & (1u64 << (i % 64)) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the two sets share an index.
    pub fn meets(&self, other: &Bits) -> bool {
        !(*self & *other).is_empty()
    }

    /// The set of positions in a list with item `pos` removed: `pos` left
    /// out and every index above it moved down one.
    pub fn collapse(&self, pos: usize) -> Bits {
        let low = *self & Bits::below(pos);
        let high = *self & !Bits::below(pos + 1);
        // `high` moved down one bit, word by word (each word takes the
        // lowest bit of the next as its highest).
        let mut down = [0u64; 4];
        for (w, word) in down.iter_mut().enumerate() {
            let carry = high.0.get(w + 1).map_or(0, |next| next << 63);
            *word = (high.0[w] >> 1) | carry;
        }
        low | Bits(down)
    }

    /// The indices in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + i)
            })
        })
    }
}

impl FromIterator<usize> for Bits {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Bits {
        let mut out = Bits::EMPTY;
        for i in iter {
            out.insert(i);
        }
        out
    }
}

impl std::ops::BitAnd for Bits {
    type Output = Bits;
    fn bitand(self, other: Bits) -> Bits {
        Bits(std::array::from_fn(|w| self.0[w] & other.0[w]))
    }
}

impl std::ops::BitOr for Bits {
    type Output = Bits;
    fn bitor(self, other: Bits) -> Bits {
        Bits(std::array::from_fn(|w| self.0[w] | other.0[w]))
    }
}

impl std::ops::BitOrAssign for Bits {
    fn bitor_assign(&mut self, other: Bits) {
        *self = *self | other;
    }
}

impl std::ops::Not for Bits {
    type Output = Bits;
    fn not(self) -> Bits {
        Bits(std::array::from_fn(|w| !self.0[w]))
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn holds_indices_past_128() {
        let mut b = Bits::EMPTY;
        for i in [0, 63, 64, 127, 128, 200, 255] {
            b.insert(i);
        }
        assert_eq!(
            b.iter().collect::<Vec<_>>(),
            [0, 63, 64, 127, 128, 200, 255]
        );
        assert_eq!(b.len(), 7);
        assert!(b.contains(200) && !b.contains(199) && !b.contains(300));
        assert_eq!(Bits::below(130).len(), 130);
        assert!(Bits::below(130).contains(129) && !Bits::below(130).contains(130));
        assert_eq!(Bits::below(256).len(), 256);
        assert!((b & !Bits::below(128)).iter().eq([128, 200, 255]));
        assert!(b.meets(&Bits::one(255)) && !b.meets(&Bits::one(1)));
    }

    #[test]
    fn collapse_drops_a_position_and_closes_the_gap() {
        let b: Bits = [0, 3, 4, 64, 65, 200].into_iter().collect();
        assert!(b.collapse(3).iter().eq([0, 3, 63, 64, 199]));
        assert!(b.collapse(1).iter().eq([0, 2, 3, 63, 64, 199]));
        assert!(b.collapse(200).iter().eq([0, 3, 4, 64, 65]));
        assert!(b.collapse(0).iter().eq([2, 3, 63, 64, 199]));
        assert!(Bits::below(256).collapse(255).iter().eq(0..255));
        assert!(Bits::below(256).collapse(7).iter().eq(0..255));
    }
}
