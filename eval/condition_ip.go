package eval

import (
	"net/netip"
	"strings"
)

// IP address condition operators test whether the request address is in a
// range (IAM-OPERATORS). A policy value is an IPv4 or IPv6 CIDR range, or a
// bare address, which IAM takes as a /32 (and this package as /128 for
// IPv6). Host bits after the mask are ignored (Access Analyzer only
// suggests removing them: "Improve IP range").
//
// IPv4-mapped IPv6 addresses (::ffff:203.0.113.9) are unmapped, in the
// request and in the policy, so they compare as the IPv4 address they
// carry; AWS does not document this case. A mapped range shorter than
// /96 (::ffff:0:0/80) stays an IPv6 range. An IPv4 address is never in an
// IPv6 range: "::/0" does not match 203.0.113.9. Zones ("fe80::1%eth0")
// are not addresses in either place.

// parseIPRange parses a policy value of IpAddress or NotIpAddress.
func parseIPRange(s string) (netip.Prefix, bool) {
	var p netip.Prefix
	if strings.Contains(s, "/") {
		var err error
		if p, err = netip.ParsePrefix(s); err != nil {
			return netip.Prefix{}, false
		}
	} else {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, false
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), true
}

// parseRequestAddr parses a request value as an IP address, with the
// syntax of netip.ParseAddr but without zones, and unmaps it. Unlike
// netip.ParseAddr it does not allocate when the value is not an address
// (netip's error value escapes), so evaluate stays allocation-free.
func parseRequestAddr(s string) (netip.Addr, bool) {
	if strings.IndexByte(s, ':') < 0 {
		v4, ok := parseIPv4(s)
		return netip.AddrFrom4(v4), ok
	}
	v6, ok := parseIPv6(s)
	if !ok {
		return netip.Addr{}, false
	}
	return netip.AddrFrom16(v6).Unmap(), true
}

// parseIPv4 parses dotted decimal: four fields of 1 to 3 digits, at most
// 255, without leading zeros.
func parseIPv4(s string) ([4]byte, bool) {
	var ip [4]byte
	field, digits, val := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 1 && val == 0 { // leading zero
				return ip, false
			}
			val = val*10 + int(c-'0')
			digits++
			if val > 255 {
				return ip, false
			}
		case c == '.' && digits > 0 && field < 3:
			ip[field] = byte(val)
			field, digits, val = field+1, 0, 0
		default:
			return ip, false
		}
	}
	if field != 3 || digits == 0 {
		return ip, false
	}
	ip[3] = byte(val)
	return ip, true
}

// parseIPv6 parses RFC 4291 text: up to eight groups of 1 to 4 hex digits
// separated by ':', at most one "::" standing for one or more zero groups,
// and optionally dotted decimal IPv4 in place of the last two groups.
func parseIPv6(s string) ([16]byte, bool) {
	var ip [16]byte
	ellipsis := -1 // byte index of "::" in ip
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		ellipsis = 0
		s = s[2:]
	}
	i := 0
	for i < 16 && s != "" {
		n, val := 0, 0
		for n < len(s) && n < 5 {
			d, ok := hexDigit(s[n])
			if !ok {
				break
			}
			val = val<<4 | d
			n++
		}
		if n == 0 || n > 4 {
			return ip, false
		}
		if n < len(s) && s[n] == '.' {
			// Embedded IPv4 ends the address.
			if i > 12 {
				return ip, false
			}
			v4, ok := parseIPv4(s)
			if !ok {
				return ip, false
			}
			copy(ip[i:], v4[:])
			i += 4
			s = ""
			break
		}
		ip[i], ip[i+1] = byte(val>>8), byte(val)
		i += 2
		s = s[n:]
		if s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return ip, false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis >= 0 {
				return ip, false
			}
			ellipsis = i
			s = s[1:]
		}
	}
	if s != "" {
		return ip, false
	}
	if i < 16 {
		if ellipsis < 0 {
			return ip, false
		}
		n := 16 - i
		copy(ip[ellipsis+n:], ip[ellipsis:i])
		clear(ip[ellipsis : ellipsis+n])
	} else if ellipsis >= 0 {
		return ip, false // "::" must stand for at least one group
	}
	return ip, true
}

func hexDigit(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}
