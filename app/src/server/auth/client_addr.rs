//! The client's address. Behind a reverse proxy every connection comes from the proxy, so
//! the proxy's `Forwarded` / `X-Forwarded-For` headers name the client — but anyone can send
//! those headers, so they count only when the connection comes from a configured trusted
//! proxy, and only the hops appended by trusted proxies are believed.

use http::HeaderMap;
use std::net::IpAddr;
use std::str::FromStr;

/// The proxies whose forwarding headers are believed: addresses or CIDR networks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IP address or network (such as 10.0.0.1 or 10.0.0.0/8)")]
pub struct BadProxy(pub String);

impl FromStr for TrustedProxies {
    type Err = BadProxy;

    /// A comma- or space-separated list: `127.0.0.1, 10.0.0.0/8, ::1`.
    fn from_str(list: &str) -> Result<Self, BadProxy> {
        let nets = list
            .split([',', ' '])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| parse_net(item).ok_or_else(|| BadProxy(item.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies(nets))
    }
}

fn parse_net(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = match text.split_once('/') {
        Some((addr, bits)) => (addr.parse::<IpAddr>().ok()?, bits.parse::<u8>().ok()?),
        None => {
            let addr = text.parse::<IpAddr>().ok()?;
            (addr, if addr.is_ipv4() { 32 } else { 128 })
        }
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((addr, bits))
}

fn in_net(ip: IpAddr, (net, bits): (IpAddr, u8)) -> bool {
    let ip = ip.to_canonical();
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

impl TrustedProxies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|&net| in_net(ip, net))
    }

    /// The client's address: the peer itself unless it is a trusted proxy; then the nearest
    /// hop of the forwarding chain that is not a trusted proxy (read from the right, as each
    /// proxy appends the address it saw). A malformed hop ends the walk at the last address
    /// a trusted proxy vouched for.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer.to_canonical();
        }
        let mut client = peer.to_canonical();
        for hop in forwarded_chain(headers).iter().rev() {
            let Some(ip) = hop else { break };
            client = *ip;
            if !self.trusts(*ip) {
                break;
            }
        }
        client
    }
}

/// The forwarding chain, client first: RFC 7239 `Forwarded: for=…` when present, else
/// `X-Forwarded-For`. `None` marks a hop that is not an address (`unknown`, obfuscated, junk).
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let joined = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or("\u{0}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let forwarded = joined("forwarded");
    if !forwarded.is_empty() {
        return forwarded
            .split(',')
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(key, _)| key.eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| parse_hop(value.trim_matches('"')))
            })
            .collect();
    }
    let xff = joined("x-forwarded-for");
    if xff.is_empty() {
        return Vec::new();
    }
    xff.split(',').map(|hop| parse_hop(hop.trim())).collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_hop(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = text.strip_prefix('[') {
        let (inside, _) = rest.split_once(']')?;
        return inside.parse::<IpAddr>().ok().map(|ip| ip.to_canonical());
    }
    let (host, port) = text.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().expect("header value"));
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn parses_addresses_and_networks() {
        let proxies: TrustedProxies = "127.0.0.1, 10.0.0.0/8 ::1".parse().expect("list");
        assert!(proxies.trusts(ip("127.0.0.1")));
        assert!(proxies.trusts(ip("10.200.3.4")));
        assert!(proxies.trusts(ip("::1")));
        assert!(proxies.trusts(ip("::ffff:10.1.1.1")));
        assert!(!proxies.trusts(ip("11.0.0.1")));
        assert!(!proxies.trusts(ip("127.0.0.2")));
        assert_eq!("".parse::<TrustedProxies>(), Ok(TrustedProxies::default()));
        for bad in ["10.0.0.0/33", "nginx", "10.0.0.1/x", "::/129"] {
            assert_eq!(bad.parse::<TrustedProxies>(), Err(BadProxy(bad.into())));
        }
        let all: TrustedProxies = "0.0.0.0/0".parse().expect("everything");
        assert!(all.trusts(ip("203.0.113.9")));
    }

    #[test]
    fn headers_count_only_from_a_trusted_peer() {
        let proxies: TrustedProxies = "10.0.0.2".parse().expect("list");
        let h = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("203.0.113.7"));
        // A client sending the header itself straight to us gains nothing.
        assert_eq!(proxies.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        // Nothing configured: the peer, whatever the headers say.
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.2"), &h), ip("10.0.0.2"));
    }

    #[test]
    fn a_spoofed_left_part_of_the_chain_is_ignored() {
        let proxies: TrustedProxies = "10.0.0.0/24".parse().expect("list");
        // The client wrote "1.1.1.1" itself; our proxy appended the address it saw.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.7, 10.0.0.5")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("203.0.113.7"));
        // Two header lines are one list.
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "203.0.113.8"),
        ]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("203.0.113.8"));
        // Junk stops the walk at the last vouched-for address.
        let h = headers(&[("x-forwarded-for", "203.0.113.7, garbage, 10.0.0.5")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("10.0.0.5"));
    }

    #[test]
    fn reads_rfc_7239_forwarded() {
        let proxies: TrustedProxies = "10.0.0.2".parse().expect("list");
        let h = headers(&[(
            "forwarded",
            "for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\";proto=https",
        )]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "For=192.0.2.60:8080;by=10.0.0.2")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("192.0.2.60"));
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("10.0.0.2"));
    }
}
