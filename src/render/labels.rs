//! Where the drawings' labels go: text boxes estimated from the font size
//! (no font metrics are at hand when writing SVG), and a placer that puts
//! each label at the first of its candidate spots inside the frame that
//! overlaps no marker, line or earlier label.
//!
//! The estimate is deliberately generous (Helvetica's average advance is
//! about 0.52 em; digits 0.56 em): a box that fits here fits on screen.
//! The report tests check the drawings with the same boxes. This module
//! knows nothing of plans or of what the labels say.

/// Average advance of a character, in ems (bold a little wider).
const ADVANCE: f64 = 0.58;
const ADVANCE_BOLD: f64 = 0.63;

/// How a label's x relates to its box, as SVG's `text-anchor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// The `text-anchor` attribute to write (empty for start, the default).
    pub fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        }
    }

    pub fn parse(value: &str) -> Anchor {
        match value {
            "middle" => Anchor::Middle,
            "end" => Anchor::End,
            _ => Anchor::Start,
        }
    }
}

/// An axis-aligned box: x0 ≤ x1, y0 ≤ y1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    /// A square of half-side `r` around a point (a marker, a point of a line).
    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect::new(x - r, y - r, x + r, y + r)
    }

    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, frame: &Rect) -> bool {
        self.x0 >= frame.x0 && self.x1 <= frame.x1 && self.y0 >= frame.y0 && self.y1 <= frame.y1
    }

    fn overlap_area(&self, o: &Rect) -> f64 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        w * h
    }
}

/// The estimated width of `text` at `size` px.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let advance = if bold { ADVANCE_BOLD } else { ADVANCE };
    text.chars().count() as f64 * size * advance
}

/// The box of a label written at baseline (`x`, `y`).
pub fn text_box(text: &str, size: f64, bold: bool, x: f64, y: f64, anchor: Anchor) -> Rect {
    let w = text_width(text, size, bold);
    let x0 = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    Rect::new(x0, y - 0.8 * size, x0 + w, y + 0.22 * size)
}

/// One spot a label may take: its baseline point and anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub x: f64,
    pub y: f64,
    pub anchor: Anchor,
}

/// Places labels one by one among what is already drawn.
#[derive(Debug, Clone)]
pub struct Placer {
    frame: Rect,
    taken: Vec<Rect>,
}

impl Placer {
    pub fn new(frame: Rect) -> Placer {
        Placer {
            frame,
            taken: Vec::new(),
        }
    }

    /// Marks a drawn thing (marker, line sample, legend) as not to be covered.
    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Marks the points of a quadratic Bézier curve, every few pixels.
    pub fn block_curve(&mut self, from: (f64, f64), control: (f64, f64), to: (f64, f64)) {
        let len = ((to.0 - from.0).powi(2) + (to.1 - from.1).powi(2)).sqrt();
        let steps = (len / 5.0).ceil().max(2.0) as usize;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            let u = 1.0 - t;
            let x = u * u * from.0 + 2.0 * u * t * control.0 + t * t * to.0;
            let y = u * u * from.1 + 2.0 * u * t * control.1 + t * t * to.1;
            self.taken.push(Rect::around(x, y, 1.5));
        }
    }

    /// The first spot whose box lies in the frame and covers nothing
    /// taken; failing that, the spot in the frame covering least (then
    /// the first). The label's box is then taken.
    pub fn place(&mut self, text: &str, size: f64, bold: bool, spots: &[Spot]) -> Spot {
        let boxed = |s: &Spot| text_box(text, size, bold, s.x, s.y, s.anchor);
        let cost = |b: &Rect| -> f64 {
            let outside = if b.inside(&self.frame) { 0.0 } else { 1e9 };
            outside
                + self
                    .taken
                    .iter()
                    .map(|t| t.overlap_area(b) + if t.overlaps(b) { 1.0 } else { 0.0 })
                    .sum::<f64>()
        };
        let mut best: Option<(f64, Spot)> = None;
        for s in spots {
            let c = cost(&boxed(s));
            if c == 0.0 {
                best = Some((0.0, *s));
                break;
            }
            if best.is_none_or(|(b, _)| c < b) {
                best = Some((c, *s));
            }
        }
        let spot = best.map(|(_, s)| s).unwrap_or(Spot {
            x: self.frame.x0,
            y: self.frame.y1,
            anchor: Anchor::Start,
        });
        self.taken.push(boxed(&spot));
        spot
    }
}

/// Spots around a marker at (`x`, `y`) of radius `r`: right, left, above,
/// below, then the diagonals, then the same farther out.
pub fn around(x: f64, y: f64, r: f64, size: f64) -> Vec<Spot> {
    let mut out = Vec::new();
    for k in [1.0, 2.2, 3.6] {
        let gap = r + 3.0 * k;
        let up = y - gap;
        let down = y + gap + 0.8 * size;
        let mid = y + 0.3 * size;
        for (sx, sy, anchor) in [
            (x + gap, mid, Anchor::Start),
            (x - gap, mid, Anchor::End),
            (x, up, Anchor::Middle),
            (x, down, Anchor::Middle),
            (x + gap * 0.7, up, Anchor::Start),
            (x - gap * 0.7, up, Anchor::End),
            (x + gap * 0.7, down, Anchor::Start),
            (x - gap * 0.7, down, Anchor::End),
        ] {
            out.push(Spot {
                x: (sx * 10.0).round() / 10.0,
                y: (sy * 10.0).round() / 10.0,
                anchor,
            });
        }
    }
    out
}

/// `text` cut into lines of at most `width` characters at spaces (a word
/// longer than that stands alone).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_avoids_what_is_taken_and_the_frame() {
        let mut p = Placer::new(Rect::new(0.0, 0.0, 200.0, 100.0));
        // A marker at the right edge: the label cannot go right of it.
        let spots = around(195.0, 50.0, 5.0, 11.0);
        let s = p.place("us-east-1", 11.0, true, &spots);
        assert_eq!(s.anchor, Anchor::End, "{s:?}");
        // A second label at the same marker takes another spot.
        let t = p.place("us-east-2", 11.0, true, &spots);
        assert_ne!(s, t);
        let (a, b) = (
            text_box("us-east-1", 11.0, true, s.x, s.y, s.anchor),
            text_box("us-east-2", 11.0, true, t.x, t.y, t.anchor),
        );
        assert!(!a.overlaps(&b), "{a:?} {b:?}");
        assert!(a.inside(&Rect::new(0.0, 0.0, 200.0, 100.0)));
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("replicated write capacity units (provisioned)", 20),
            ["replicated write", "capacity units", "(provisioned)"]
        );
        assert_eq!(wrap("short", 20), ["short"]);
    }
}
