//! The part of ClickHouse's RowBinary format these functions read and
//! write: a String is its length as an unsigned LEB128 varint, then the
//! bytes; a Float64 is 8 bytes, little-endian; a Nullable(T) is one byte
//! (1 for NULL, 0 otherwise) followed by T when not NULL. Rows follow one
//! another, each row's columns in argument order.

/// Reads values off a serialized block, bounds-checked: a short or
/// malformed buffer is an error, never a panic.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    fn varint(&mut self) -> Result<u64, &'static str> {
        let mut value = 0u64;
        // At most 10 bytes carry a u64 (7 bits each).
        for shift in (0..64).step_by(7) {
            let byte = *self
                .buf
                .get(self.pos)
                .ok_or("the block ends inside a length")?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a length is longer than 10 bytes")
    }

    /// The bytes of the next String.
    pub fn string(&mut self) -> Result<&'a [u8], &'static str> {
        let len = usize::try_from(self.varint()?).map_err(|_| "a length is too large")?;
        let end = self.pos.checked_add(len).ok_or("a length is too large")?;
        let bytes = self
            .buf
            .get(self.pos..end)
            .ok_or("the block ends inside a string")?;
        self.pos = end;
        Ok(bytes)
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }
}

pub fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    write_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

pub fn write_f64(out: &mut Vec<u8>, x: f64) {
    out.extend_from_slice(&x.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_with_long_lengths() {
        let long = vec![b'x'; 300];
        let mut buf = Vec::new();
        write_string(&mut buf, b"");
        write_string(&mut buf, b"referral");
        write_string(&mut buf, &long);
        assert_eq!(&buf[10..12], &[0xac, 0x02]); // 300 = 0b10_0101100
        let mut r = Reader::new(&buf);
        assert_eq!(r.string().unwrap(), b"");
        assert_eq!(r.string().unwrap(), b"referral");
        assert_eq!(r.string().unwrap(), &long[..]);
        assert_eq!(r.remaining(), 0);
        assert!(r.string().is_err());
    }

    #[test]
    fn malformed_blocks_are_errors() {
        assert!(Reader::new(&[0x05, b'a']).string().is_err());
        assert!(Reader::new(&[0xff; 11]).string().is_err());
        assert!(Reader::new(&[0x80]).string().is_err());
        let huge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert!(Reader::new(&huge).string().is_err());
    }
}
