using Erlang.Terms;

namespace CloudI.ServiceApi.Tests;

public sealed class ServiceIdsTests
{
    [Fact]
    public void AcceptsDashedPlainAndBinaryForms()
    {
        Guid expected = Guid.Parse("6a675470-7a1f-11e2-d40e-a5dd00000058");
        Assert.True(ServiceIds.TryParse(ErlangList.FromString("6a675470-7a1f-11e2-d40e-a5dd00000058"), out Guid a));
        Assert.True(ServiceIds.TryParse(ErlangList.FromString("6a6754707a1f11e2d40ea5dd00000058"), out Guid b));
        Assert.True(ServiceIds.TryParse(new ErlangBinary(Convert.FromHexString("6a6754707a1f11e2d40ea5dd00000058")), out Guid c));
        Assert.True(ServiceIds.TryParse(ErlangBinary.FromUtf8("6a675470-7a1f-11e2-d40e-a5dd00000058"), out Guid d));
        Assert.All(new[] { a, b, c, d }, g => Assert.Equal(expected, g));
        Assert.Equal("6a6754707a1f11e2d40ea5dd00000058", ServiceIds.Format(expected));
    }

    [Theory]
    [InlineData("\"not-a-uuid\"")]
    [InlineData("\"\"")]
    [InlineData("abc")]
    [InlineData("123")]
    [InlineData("\"6a675470-7a1f-11e2-d40e-a5dd0000005x\"")]
    public void RejectsOthers(string text) => Assert.False(ServiceIds.TryParse(ErlangText.ParseBody(text), out _));
}
