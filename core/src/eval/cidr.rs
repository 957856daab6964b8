//! `cidrsubnet`, `cidrhost` and `cidrnetmask` for IPv4 and IPv6 prefixes,
//! with the arithmetic done on `u128` so both families share one path.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A parsed prefix: network address (host bits cleared), prefix length, and
/// the width of the address family (32 or 128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Prefix {
    network: u128,
    len: u32,
    width: u32,
}

fn parse_prefix(text: &str) -> Option<Prefix> {
    let (addr, len) = text.trim().split_once('/')?;
    let len: u32 = len.parse().ok()?;
    let (bits, width) = match addr.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    };
    if len > width {
        return None;
    }
    Some(Prefix {
        network: bits & mask(len, width),
        len,
        width,
    })
}

/// The network mask of a prefix length within an address width.
fn mask(len: u32, width: u32) -> u128 {
    let all = if width == 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    if len == 0 {
        0
    } else {
        all & !(all >> len)
    }
}

fn render(bits: u128, width: u32) -> Option<String> {
    if width == 32 {
        Some(Ipv4Addr::from(u32::try_from(bits).ok()?).to_string())
    } else {
        Some(Ipv6Addr::from(bits).to_string())
    }
}

/// `cidrsubnet(prefix, newbits, netnum)`; `None` on invalid arguments.
#[must_use]
pub fn cidrsubnet(prefix: &str, newbits: f64, netnum: f64) -> Option<String> {
    let p = parse_prefix(prefix)?;
    let newbits = whole(newbits)?;
    let netnum = whole(netnum)?;
    let newbits = u32::try_from(newbits).ok()?;
    let new_len = p.len.checked_add(newbits)?;
    if new_len > p.width {
        return None;
    }
    let netnum = u128::try_from(netnum).ok()?;
    if newbits < 128 && netnum >= (1u128 << newbits) {
        return None;
    }
    let shifted = if new_len == p.width {
        netnum
    } else {
        netnum << (p.width - new_len)
    };
    let network = p.network | shifted;
    Some(format!("{}/{new_len}", render(network, p.width)?))
}

/// `cidrhost(prefix, hostnum)`: a negative number counts back from the end.
#[must_use]
pub fn cidrhost(prefix: &str, hostnum: f64) -> Option<String> {
    let p = parse_prefix(prefix)?;
    let hostnum = whole(hostnum)?;
    let host_bits = p.width - p.len;
    let size: u128 = if host_bits >= 128 {
        u128::MAX
    } else {
        1u128 << host_bits
    };
    let offset = if hostnum >= 0 {
        let n = u128::try_from(hostnum).ok()?;
        if host_bits < 128 && n >= size {
            return None;
        }
        n
    } else {
        let back = hostnum.unsigned_abs();
        if back > size {
            return None;
        }
        size - back
    };
    render(p.network | offset, p.width)
}

/// `cidrnetmask(prefix)`: the dotted mask of an IPv4 prefix.
#[must_use]
pub fn cidrnetmask(prefix: &str) -> Option<String> {
    let p = parse_prefix(prefix)?;
    if p.width != 32 {
        return None;
    }
    render(mask(p.len, 32), 32)
}

/// A whole number as `i128`; `None` for fractions and out-of-range values.
fn whole(n: f64) -> Option<i128> {
    if n.fract() != 0.0 || !n.is_finite() || n.abs() > 1e30 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Some(n as i128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_subnets_follow_terraform() {
        assert_eq!(
            cidrsubnet("10.0.0.0/16", 8.0, 2.0).as_deref(),
            Some("10.0.2.0/24")
        );
        assert_eq!(
            cidrsubnet("172.16.0.0/12", 4.0, 2.0).as_deref(),
            Some("172.18.0.0/16")
        );
        assert_eq!(
            cidrsubnet("10.1.2.3/16", 4.0, 15.0).as_deref(),
            Some("10.1.240.0/20")
        );
        assert_eq!(
            cidrsubnet("10.0.0.0/24", 0.0, 0.0).as_deref(),
            Some("10.0.0.0/24")
        );
        assert_eq!(
            cidrsubnet("0.0.0.0/0", 32.0, 1.0).as_deref(),
            Some("0.0.0.1/32")
        );
    }

    #[test]
    fn ipv6_subnets_follow_terraform() {
        assert_eq!(
            cidrsubnet("fd00:fd12:3456:7890::/56", 16.0, 162.0).as_deref(),
            Some("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(
            cidrsubnet("2600:1f14:abc:de00::/56", 8.0, 1.0).as_deref(),
            Some("2600:1f14:abc:de01::/64")
        );
        assert_eq!(cidrsubnet("::/0", 128.0, 5.0).as_deref(), Some("::5/128"));
    }

    #[test]
    fn invalid_subnets_are_rejected() {
        assert_eq!(cidrsubnet("10.0.0.0/16", 8.0, 256.0), None);
        assert_eq!(cidrsubnet("10.0.0.0/30", 4.0, 0.0), None);
        assert_eq!(cidrsubnet("10.0.0.0", 8.0, 0.0), None);
        assert_eq!(cidrsubnet("10.0.0.0/16", 1.5, 0.0), None);
        assert_eq!(cidrsubnet("10.0.0.0/16", 8.0, -1.0), None);
        assert_eq!(cidrsubnet("10.0.0.0/40", 8.0, 0.0), None);
    }

    #[test]
    fn hosts_and_masks() {
        assert_eq!(
            cidrhost("10.12.112.0/20", 16.0).as_deref(),
            Some("10.12.112.16")
        );
        assert_eq!(
            cidrhost("10.12.112.0/20", 268.0).as_deref(),
            Some("10.12.113.12")
        );
        assert_eq!(cidrhost("10.0.0.0/24", -2.0).as_deref(), Some("10.0.0.254"));
        assert_eq!(
            cidrhost("fd00:fd12:3456:7890:00a2::/72", 34.0).as_deref(),
            Some("fd00:fd12:3456:7890::22")
        );
        assert_eq!(cidrhost("10.0.0.0/24", 256.0), None);
        assert_eq!(cidrnetmask("172.16.0.0/12").as_deref(), Some("255.240.0.0"));
        assert_eq!(cidrnetmask("::/0"), None);
    }
}
