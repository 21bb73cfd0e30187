//! ClickHouse's `BUFFERED_V1` WebAssembly ABI, written by hand (a few
//! lines; the `clickhouse-wasm-udf` crate wraps the MsgPack form instead).
//!
//! The host asks the module for a buffer (`clickhouse_create_buffer`),
//! writes the block into it in the function's `serialization_format`
//! (RowBinary here), calls the function with the buffer's handle and the
//! row count, reads the result from the buffer whose handle the function
//! returns, then hands both buffers back (`clickhouse_destroy_buffer`). A
//! handle points at `{data: i32, size: i32}`; a third word, the capacity,
//! is ours. A bad row ends the call through the host's `clickhouse_throw`.

use std::mem::ManuallyDrop;
use std::ptr;

#[repr(C)]
pub struct Buffer {
    data: *mut u8,
    size: usize,
    capacity: usize,
}

fn into_handle(bytes: Vec<u8>) -> *mut Buffer {
    let mut bytes = ManuallyDrop::new(bytes);
    Box::into_raw(Box::new(Buffer {
        data: bytes.as_mut_ptr(),
        size: bytes.len(),
        capacity: bytes.capacity(),
    }))
}

/// A zeroed buffer of `size` bytes for the host to write into. ClickHouse
/// asks for one buffer holding the whole block, so a block larger than the
/// module's memory (`webassembly_udf_max_memory`) cannot be taken in: that
/// is reported through `clickhouse_throw` with the settings to change,
/// instead of the allocator's out-of-memory trap.
#[no_mangle]
pub extern "C" fn clickhouse_create_buffer(size: u32) -> *mut Buffer {
    let size = size as usize;
    let mut bytes = Vec::new();
    if bytes.try_reserve_exact(size).is_err() {
        throw(&format!(
            "partner_scoring: a block of {size} bytes does not fit in the module's memory; \
             lower webassembly_udf_max_input_block_size or raise webassembly_udf_max_memory \
             (clickhouse/README.md, Settings)"
        ));
        return ptr::null_mut();
    }
    bytes.resize(size, 0);
    into_handle(bytes)
}

/// Frees a buffer made by [`clickhouse_create_buffer`] or returned by a
/// function.
///
/// # Safety
/// `handle` is null or a handle this module returned and that was not
/// destroyed yet.
#[no_mangle]
pub unsafe extern "C" fn clickhouse_destroy_buffer(handle: *mut Buffer) {
    if handle.is_null() {
        return;
    }
    let buffer = Box::from_raw(handle);
    if !buffer.data.is_null() {
        drop(Vec::from_raw_parts(
            buffer.data,
            buffer.size,
            buffer.capacity,
        ));
    }
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    /// Raises an exception in ClickHouse with this UTF-8 message.
    #[link_name = "clickhouse_throw"]
    fn host_throw(ptr: *const u8, len: u32);
}

#[cfg(target_arch = "wasm32")]
fn throw(message: &str) {
    // SAFETY: the host only reads `len` bytes at `ptr`, which `message` owns.
    unsafe { host_throw(message.as_ptr(), message.len() as u32) }
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    /// Native builds (tests) keep the last thrown message here.
    pub static THROWN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

#[cfg(not(target_arch = "wasm32"))]
fn throw(message: &str) {
    THROWN.with(|t| *t.borrow_mut() = Some(message.to_string()));
}

/// Runs a block function on the buffer behind `input`: a new buffer with
/// the results, or null after `clickhouse_throw` (which does not return
/// into the module in ClickHouse; null makes the host fail anyway).
///
/// # Safety
/// `input` is null or a live handle from [`clickhouse_create_buffer`].
pub unsafe fn call(
    input: *const Buffer,
    rows: u32,
    f: impl FnOnce(&[u8], usize) -> Result<Vec<u8>, String>,
) -> *mut Buffer {
    let bytes: &[u8] = match input.as_ref() {
        Some(b) if !b.data.is_null() => std::slice::from_raw_parts(b.data, b.size),
        _ => &[],
    };
    match f(bytes, rows as usize) {
        Ok(out) => into_handle(out),
        Err(message) => {
            throw(&message);
            ptr::null_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rowbinary::write_string;

    #[test]
    fn a_call_reads_the_host_buffer_and_returns_a_new_one() {
        let mut block = Vec::new();
        write_string(&mut block, b"100000");
        let input = clickhouse_create_buffer(block.len() as u32);
        unsafe {
            std::slice::from_raw_parts_mut((*input).data, (*input).size).copy_from_slice(&block);
            let out = crate::exports::partner_tier(input, 1);
            assert_eq!(
                std::slice::from_raw_parts((*out).data, (*out).size),
                b"\x04Gold"
            );
            clickhouse_destroy_buffer(out);
            let out = crate::exports::partner_tier(input, 2);
            assert!(out.is_null());
            let thrown = THROWN.with(|t| t.borrow_mut().take()).unwrap();
            assert!(thrown.starts_with("partnerTier: row 2 of 2: "), "{thrown}");
            clickhouse_destroy_buffer(input);
            clickhouse_destroy_buffer(ptr::null_mut());
        }
    }
}
