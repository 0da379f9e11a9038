using System.Net;
using Khyber.Domain.Notifications;

namespace Khyber.Domain.Tests;

public sealed class WebhookDestinationTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Equal(DestinationClass.Public, WebhookDestinations.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", DestinationClass.LoopbackAddress)]
    [InlineData("127.255.1.2", DestinationClass.LoopbackAddress)]
    [InlineData("::1", DestinationClass.LoopbackAddress)]
    [InlineData("::ffff:127.0.0.1", DestinationClass.LoopbackAddress)]
    [InlineData("::127.0.0.1", DestinationClass.LoopbackAddress)]
    [InlineData("64:ff9b::7f00:1", DestinationClass.LoopbackAddress)]
    [InlineData("2002:7f00:1::1", DestinationClass.LoopbackAddress)]
    [InlineData("10.0.0.1", DestinationClass.PrivateAddress)]
    [InlineData("10.255.255.255", DestinationClass.PrivateAddress)]
    [InlineData("172.16.0.1", DestinationClass.PrivateAddress)]
    [InlineData("172.31.255.254", DestinationClass.PrivateAddress)]
    [InlineData("192.168.1.1", DestinationClass.PrivateAddress)]
    [InlineData("::ffff:10.1.2.3", DestinationClass.PrivateAddress)]
    [InlineData("::ffff:192.168.0.1", DestinationClass.PrivateAddress)]
    [InlineData("fec0::1", DestinationClass.PrivateAddress)]
    [InlineData("100.64.0.1", DestinationClass.SharedAddress)]
    [InlineData("100.127.255.255", DestinationClass.SharedAddress)]
    [InlineData("169.254.169.254", DestinationClass.LinkLocalAddress)]
    [InlineData("::ffff:169.254.169.254", DestinationClass.LinkLocalAddress)]
    [InlineData("fe80::1", DestinationClass.LinkLocalAddress)]
    [InlineData("febf::1", DestinationClass.LinkLocalAddress)]
    [InlineData("224.0.0.1", DestinationClass.MulticastAddress)]
    [InlineData("239.255.255.250", DestinationClass.MulticastAddress)]
    [InlineData("ff02::1", DestinationClass.MulticastAddress)]
    [InlineData("0.0.0.0", DestinationClass.UnspecifiedAddress)]
    [InlineData("::", DestinationClass.UnspecifiedAddress)]
    [InlineData("::ffff:0.0.0.0", DestinationClass.UnspecifiedAddress)]
    [InlineData("255.255.255.255", DestinationClass.BroadcastAddress)]
    [InlineData("fc00::1", DestinationClass.UniqueLocalAddress)]
    [InlineData("fd12:3456:789a::1", DestinationClass.UniqueLocalAddress)]
    [InlineData("0.1.2.3", DestinationClass.ThisNetworkAddress)]
    [InlineData("192.0.2.1", DestinationClass.DocumentationAddress)]
    [InlineData("198.51.100.7", DestinationClass.DocumentationAddress)]
    [InlineData("203.0.113.9", DestinationClass.DocumentationAddress)]
    [InlineData("2001:db8::1", DestinationClass.DocumentationAddress)]
    [InlineData("198.18.0.1", DestinationClass.BenchmarkAddress)]
    [InlineData("198.19.255.255", DestinationClass.BenchmarkAddress)]
    [InlineData("240.0.0.1", DestinationClass.ReservedAddress)]
    [InlineData("192.0.0.8", DestinationClass.ReservedAddress)]
    [InlineData("2001::1", DestinationClass.ReservedAddress)]
    [InlineData("100::1", DestinationClass.ReservedAddress)]
    public void Every_class_of_address_outside_the_internet_is_named(string address, DestinationClass expected) =>
        Assert.Equal(expected, WebhookDestinations.Classify(IPAddress.Parse(address)));

    [Fact]
    public void A_host_is_refused_if_any_of_its_addresses_is()
    {
        Assert.Equal(DestinationClass.Public, WebhookDestinations.Classify([IPAddress.Parse("8.8.8.8"), IPAddress.Parse("2606:4700::1")]));
        Assert.Equal(DestinationClass.LoopbackAddress, WebhookDestinations.Classify([IPAddress.Parse("8.8.8.8"), IPAddress.Parse("::1")]));
        Assert.Equal(DestinationClass.PrivateAddress, WebhookDestinations.Classify([IPAddress.Parse("10.0.0.2"), IPAddress.Parse("8.8.8.8")]));
    }

    [Fact]
    public void Classes_are_written_as_kebab_words_and_described_without_the_address()
    {
        Assert.Equal("private-address", WebhookDestinations.Word(DestinationClass.PrivateAddress));
        Assert.Equal("link-local-address", WebhookDestinations.Word(DestinationClass.LinkLocalAddress));
        Assert.Equal("a private network address", WebhookDestinations.Describe(DestinationClass.PrivateAddress));
    }

    [Fact]
    public void The_allow_list_takes_names_addresses_and_ranges()
    {
        var list = WebhookAllowList.Parse(["receiver.internal", "127.0.0.1", "10.20.0.0/16", "fd00::/8", " "]);
        Assert.True(list.AllowsName("RECEIVER.internal"));
        Assert.True(list.AllowsName("receiver.internal."));
        Assert.False(list.AllowsName("other.internal"));
        Assert.True(list.AllowsAddress(IPAddress.Parse("127.0.0.1")));
        Assert.True(list.AllowsAddress(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(list.AllowsAddress(IPAddress.Parse("127.0.0.2")));
        Assert.True(list.AllowsAddress(IPAddress.Parse("10.20.3.4")));
        Assert.False(list.AllowsAddress(IPAddress.Parse("10.21.3.4")));
        Assert.True(list.AllowsAddress(IPAddress.Parse("fd12::1")));
        Assert.False(WebhookAllowList.None.AllowsAddress(IPAddress.Parse("127.0.0.1")));
    }

    [Theory]
    [InlineData("not a host!")]
    [InlineData("10.0.0.0/33")]
    public void A_mistyped_allow_list_entry_is_an_error_not_a_silent_nothing(string entry) =>
        Assert.Throws<FormatException>(() => WebhookAllowList.Parse([entry]));
}
