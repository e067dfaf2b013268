//! Password hashing parameters: argon2id, m = 19 MiB, t = 2, p = 1 (OWASP minimum).
//! Hashing is CPU-heavy: call it inside `spawn_blocking`, never on the async runtime.

use argon2::{Algorithm, Argon2, Params, Version};

pub fn hasher() -> Argon2<'static> {
    // The parameters are constants within argon2's documented limits, so this cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_meet_the_minimum() {
        let h = super::hasher();
        let p = h.params();
        assert_eq!((p.m_cost(), p.t_cost(), p.p_cost()), (19 * 1024, 2, 1));
    }
}
