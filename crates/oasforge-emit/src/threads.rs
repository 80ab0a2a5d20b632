//! Building the files of a crate at once: a large API's files take seconds each to build and
//! format, and they do not depend on each other.
//!
//! Tokens never cross threads (`proc_macro2`'s are not `Send`): each piece of work builds
//! and formats its own and returns text.

use std::sync::{Mutex, PoisonError};
use std::thread::{Builder, Scope, ScopedJoinHandle};

/// The stack of each thread that builds a file: parsing and printing deeply nested items
/// recurses, and a spawned thread's default stack is smaller than the main thread's.
const STACK: usize = 64 << 20;

/// Runs `a`, `b` and `c` at once: `a` on this thread, the others on threads of their own.
/// A panic in a thread is resumed here; work whose thread cannot be started runs on this
/// thread once `a` is done.
pub(crate) fn on_threads<A, B, C>(
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
    c: impl FnOnce() -> C + Send,
) -> (A, B, C)
where
    B: Send,
    C: Send,
{
    let b = Mutex::new(Some(b));
    let c = Mutex::new(Some(c));
    std::thread::scope(|scope| {
        let b_thread = start(scope, &b);
        let c_thread = start(scope, &c);
        let a = a();
        (a, finish(b_thread, &b), finish(c_thread, &c))
    })
}

/// A thread running the work in `slot`, or `None` when none could be started.
fn start<'scope, T: Send + 'scope, F: FnOnce() -> T + Send>(
    scope: &'scope Scope<'scope, '_>,
    slot: &'scope Mutex<Option<F>>,
) -> Option<ScopedJoinHandle<'scope, Option<T>>> {
    Builder::new()
        .stack_size(STACK)
        .spawn_scoped(scope, move || take(slot).map(|work| work()))
        .ok()
}

/// The result of the work in `slot`: from its thread, or computed here when it had none.
fn finish<T, F: FnOnce() -> T>(
    thread: Option<ScopedJoinHandle<'_, Option<T>>>,
    slot: &Mutex<Option<F>>,
) -> T {
    let done = thread.and_then(|thread| match thread.join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    });
    match done {
        Some(value) => value,
        None => match take(slot) {
            Some(work) => work(),
            // The thread took the work and returned its value, handled above.
            None => unreachable!("work taken by a thread that returned nothing"),
        },
    }
}

/// The work in `slot`, leaving it empty.
fn take<F>(slot: &Mutex<Option<F>>) -> Option<F> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_piece_of_work_runs_once_and_returns_in_order() {
        let main = std::thread::current().id();
        let (a, b, c) = on_threads(
            || (1, std::thread::current().id()),
            || (2, std::thread::current().id()),
            || (3, std::thread::current().id()),
        );
        assert_eq!((a.0, b.0, c.0), (1, 2, 3));
        // `a` on this thread, the others beside it.
        assert_eq!(a.1, main);
        assert_ne!(b.1, main);
        assert_ne!(c.1, main);
    }

    #[test]
    fn a_panic_in_a_thread_reaches_the_caller() {
        let result =
            std::panic::catch_unwind(|| on_threads(|| 1, || -> u8 { panic!("in b") }, || 3));
        let panic = result.expect_err("the panic is resumed");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"in b"));
    }

    #[test]
    fn work_left_in_its_slot_runs_here() {
        let slot = Mutex::new(Some(|| 7));
        assert_eq!(finish(None, &slot), 7);
        assert!(take(&slot).is_none());
    }
}
