//! Moodle's `address_in_subnet`: a comma list of `1.2.3.4`, `1.2.3.0/24`, `1.2.3.4-20` (range in
//! the last group) or `1.2` (prefix), and IPv6 equivalents.
use std::net::IpAddr;

pub fn address_in_subnet(ip: IpAddr, list: &str) -> bool {
    let text = ip.to_string();
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).any(|entry| {
        if let Ok(net) = entry.parse::<ipnet::IpNet>() {
            return net.contains(&ip);
        }
        if let Ok(exact) = entry.parse::<IpAddr>() {
            return exact == ip;
        }
        if let Some((start, end)) = entry.rsplit_once('-')
            && let (Ok(first), Some((prefix, low))) = (start.parse::<IpAddr>(), start.rsplit_once('.'))
        {
            let _ = first;
            if let (Some((ip_prefix, ip_last)), Ok(low), Ok(high)) =
                (text.rsplit_once('.'), low.parse::<u16>(), end.parse::<u16>())
            {
                return ip_prefix == prefix && ip_last.parse::<u16>().is_ok_and(|v| (low..=high).contains(&v));
            }
            return false;
        }
        let prefix = entry.trim_end_matches('.');
        text.starts_with(&format!("{prefix}.")) || text.starts_with(&format!("{prefix}:"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let ip: IpAddr = "10.1.2.3".parse().unwrap();
        assert!(address_in_subnet(ip, "10.1.2.3"));
        assert!(address_in_subnet(ip, "192.168.0.1, 10.0.0.0/8"));
        assert!(address_in_subnet(ip, "10.1.2.1-5"));
        assert!(!address_in_subnet(ip, "10.1.2.4-5"));
        assert!(address_in_subnet(ip, "10.1"));
        assert!(!address_in_subnet(ip, "10.12"));
        assert!(!address_in_subnet(ip, "127.0.0.1"));
    }
}
