package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** net.cidr_contains_matches, net.cidr_merge as OPA merges, net.lookup_ip_addr without DNS, uri.parse and uri.is_valid. */
class NetAndUriBuiltinsTest {
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiterString = " => ", value = {
      "net.cidr_contains_matches(\"1.1.1.0/24\", \"1.1.1.1\") => [[\"1.1.1.0/24\",\"1.1.1.1\"]]",
      "net.cidr_contains_matches([\"1.1.2.0/24\", \"1.1.1.0/24\"], [\"1.1.1.1\", \"1.1.2.1\"]) => [[0,1],[1,0]]",
      "net.cidr_contains_matches({\"a\": \"10.0.0.0/8\", \"b\": [\"192.168.0.0/16\", \"tag\"]}, {\"10.1.2.3\"}) => [[\"a\",\"10.1.2.3\"]]",
      "net.cidr_contains_matches([[\"10.0.0.0/8\", {\"owner\": \"x\"}]], \"10.9.9.9\") => [[0,\"10.9.9.9\"]]",
      "net.cidr_merge([\"10.0.0.0/9\", \"10.128.0.0/9\"]) => [\"10.0.0.0/8\"]",
      "net.cidr_merge([\"192.0.2.112\"]) => [\"192.0.2.112/24\"]",
      "net.cidr_merge([\"10.1.2.3\", \"172.16.0.1\"]) => [\"10.1.2.3/8\",\"172.16.0.1/16\"]",
      "net.cidr_merge([\"192.0.128.0\", \"192.0.129.0\"]) => [\"192.0.128.0/23\"]",
      "net.cidr_merge([\"10.0.0.1/32\", \"10.0.0.2/32\"]) => [\"10.0.0.1/32\",\"10.0.0.2/32\"]",
      "net.cidr_merge([\"10.0.0.0/8\", \"::/0\"]) => [\"::/0\"]",
      "net.cidr_merge([\"2001:db8::/33\", \"2001:db8:8000::/33\"]) => [\"2001:db8::/32\"]",
      "net.lookup_ip_addr(\"10.0.0.1\") => [\"10.0.0.1\"]",
      "net.lookup_ip_addr(\"::\") => [\"::\"]",
      "uri.parse(\"https://user:pw@example.com:8443/a%20b/c?x=1&y=2#frag\") => {\"fragment\":\"frag\",\"hostname\":\"example.com\",\"path\":\"/a b/c\",\"port\":\"8443\",\"raw_path\":\"/a b/c\",\"raw_query\":\"x=1&y=2\",\"scheme\":\"https\"}",
      "uri.parse(\"https://example.com/a%2Fb\") => {\"hostname\":\"example.com\",\"path\":\"/a/b\",\"raw_path\":\"/a%2Fb\",\"scheme\":\"https\"}",
      "uri.parse(\"http://[::1]:80/\") => {\"hostname\":\"::1\",\"path\":\"/\",\"port\":\"80\",\"raw_path\":\"/\",\"scheme\":\"http\"}",
      "uri.parse(\"mailto:ops@example.com\") => {\"scheme\":\"mailto\"}",
      "uri.parse(\"\") => {}",
      "uri.is_valid(\"https://example.com\") => true",
      "uri.is_valid(\"\") => false",
      "uri.is_valid(\"http://a<b@example.com/\") => false",
      "uri.is_valid(1) => false",
  })
  void computesAsOpaDoes(String expr, String json) {
    assertThat(Eval.json(expr)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "net.cidr_contains_matches([\"1.1.1.0/24\"], [[]])|operand 2: element must be string or non-empty array",
      "net.cidr_contains_matches([\"1.1.1.0/24\"], [\"x\"])|not a valid textual representation of an IP address or CIDR: x",
      "net.cidr_merge([\"::1\"])|IPv6 invalid: needs prefix length",
      "net.cidr_merge([\"1.1.1.1/33\"])|invalid CIDR address: 1.1.1.1/33",
      "net.lookup_ip_addr(\"example.com\")|DNS lookups are disabled in the embedded engine",
      "net.lookup_ip_addr(\"example.com\")|mock the call (with net.lookup_ip_addr as",
      "uri.parse(\"http://exa%6dple.com/\")|parse \"http://exa%6dple.com/\": invalid URL escape \"%6d\"",
      "uri.parse(\"http://a<b@example.com/\")|net/url: invalid userinfo",
      "uri.parse(\"http://example.com:x/\")|invalid port \":x\" after host",
      "uri.parse(\"1http://x\")|first path segment in URL cannot contain colon",
      "uri.parse(\":foo\")|missing protocol scheme",
  })
  void reportsOpasErrors(String expr, String message) {
    assertThat(Eval.error(expr)).contains(message);
  }
}
