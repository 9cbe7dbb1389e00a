using System.Text;
using CloudI.External.Hosting;

namespace CloudI.External.Tests.Hosting;

public sealed class Utf8MemoTests
{
    [Fact]
    public void TheSameTextReusesItsBytesAndOtherTextIsEncodedAfresh()
    {
        var memo = new Utf8Memo();
        byte[] first = memo.Of("/bench/echo");
        Assert.Equal("/bench/echo"u8.ToArray(), first);
        Assert.Same(first, memo.Of("/bench/echo"));
        Assert.Same(first, memo.Of(new StringBuilder("/bench/").Append("echo").ToString())); // equal, not the same string

        byte[] other = memo.Of("/bench/é");
        Assert.Equal(Encoding.UTF8.GetBytes("/bench/é"), other);
        Assert.Equal(string.Empty, Encoding.UTF8.GetString(memo.Of(string.Empty)));
    }
}
