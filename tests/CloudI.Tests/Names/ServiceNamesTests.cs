using CloudI.Names;

namespace CloudI.Tests.Names;

public sealed class ServiceNamesTests
{
    private const ServiceNameFlavor V153 = ServiceNameFlavor.Version153;
    private const ServiceNameFlavor V20 = ServiceNameFlavor.Version20;

    [Theory]
    [InlineData("/a/b/c.ext")]
    [InlineData("/a/*")]
    [InlineData("*")]
    [InlineData("*/b/*")]
    [InlineData("/a/?")]
    [InlineData("/a/??")]
    [InlineData("/a/*?")]
    [InlineData("/a/?*")]
    public void Version153_accepts_single_stars_and_any_question_marks(string pattern)
    {
        Assert.Null(ServiceNames.PatternError(pattern, V153));
        ServiceNames.ValidatePattern(pattern, V153);
    }

    [Theory]
    [InlineData("/a/b/c.ext")]
    [InlineData("/a/*")]
    [InlineData("*")]
    [InlineData("/x/?/z")]
    [InlineData("/r/?.txt")]
    [InlineData("?a*b?c")]
    public void Version20_accepts_well_formed_patterns(string pattern) =>
        Assert.Null(ServiceNames.PatternError(pattern, V20));

    [Theory]
    [InlineData("", V153, "empty")]
    [InlineData("", V20, "empty")]
    [InlineData("/a/**", V153, "\"**\"")]
    [InlineData("**", V20, "\"**\"")]
    [InlineData("/a/??/b", V20, "\"??\"")]
    [InlineData("/a/*?b", V20, "\"*?\"")]
    [InlineData("/a/?*b", V20, "\"?*\"")]
    [InlineData("/a/?", V20, "end with '?'")]
    public void Forbidden_forms_are_rejected_with_the_reason(string pattern, ServiceNameFlavor flavor, string reason)
    {
        string? error = ServiceNames.PatternError(pattern, flavor);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<InvalidServiceNameException>(() => ServiceNames.ValidatePattern(pattern, flavor));
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_pattern_is_rejected() =>
        Assert.Throws<InvalidServiceNameException>(() => ServiceNames.ValidatePattern(null, V20));

    [Theory]
    [InlineData("/a/b", V153, true)]
    [InlineData("/a/b?", V153, true)]
    [InlineData("/a/b?", V20, false)]
    [InlineData("/a/*", V153, false)]
    [InlineData("/a/*", V20, false)]
    [InlineData("", V153, false)]
    public void Names_must_be_non_empty_and_free_of_wildcards(string name, ServiceNameFlavor flavor, bool valid)
    {
        Assert.Equal(valid, ServiceNames.NameError(name, flavor) is null);
        if (!valid)
        {
            Assert.Throws<InvalidServiceNameException>(() => ServiceNames.ValidateName(name, flavor));
        }
    }

    [Theory]
    [InlineData("/a/?", V153, false)]
    [InlineData("/a/?", V20, true)]
    [InlineData("/a/*", V153, true)]
    [InlineData("/a/b", V20, false)]
    public void IsPattern_follows_the_flavour(string value, ServiceNameFlavor flavor, bool expected) =>
        Assert.Equal(expected, ServiceNames.IsPattern(value, flavor));

    [Theory]
    [InlineData("/", "a/b", V153, "/a/b")]
    [InlineData("/svc/", "*", V153, "/svc/*")]
    [InlineData("*", "/x", V153, "*/x")]
    [InlineData("/svc", "", V20, "/svc")]
    [InlineData("/a/?/", "b", V20, "/a/?/b")]
    public void Concatenation_is_plain_prefix_plus_pattern(string prefix, string suffix, ServiceNameFlavor flavor, string full)
    {
        Assert.Equal(full, ServiceNames.Concat(prefix, suffix, flavor));
        Assert.True(ServiceNames.TryConcat(prefix, suffix, flavor, out string result, out string? error));
        Assert.Equal(full, result);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("/svc", "", V153, "must not be empty in CloudI 1.5.3")]
    [InlineData("/svc/*", "*", V153, "\"**\"")]
    [InlineData("/svc/*", "?x", V20, "\"*?\"")]
    [InlineData("/svc/", "?*x", V20, "\"?*\"")]
    [InlineData("/a/?", "/b", V20, "invalid prefix: a service name pattern must not end with '?'")]
    [InlineData("/a/**", "b", V20, "invalid prefix")]
    [InlineData("", "b", V20, "invalid prefix")]
    public void Concatenation_refuses_invalid_results(string prefix, string suffix, ServiceNameFlavor flavor, string reason)
    {
        Assert.False(ServiceNames.TryConcat(prefix, suffix, flavor, out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<InvalidServiceNameException>(() => ServiceNames.Concat(prefix, suffix, flavor));
    }

    [Theory]
    [InlineData("/a/b/*", "/a/b/c", true)]
    [InlineData("/a/b/*", "/a/b/", false)]
    [InlineData("/a/*", "/a/b/c/d", true)]
    [InlineData("*", "x", true)]
    [InlineData("/a/*/c", "/a//c", false)]
    [InlineData("/a/*/c", "/a/b/c", true)]
    public void Star_matches_one_or_more_characters_including_slashes(string pattern, string name, bool expected) =>
        Assert.Equal(expected, ServiceNames.IsMatch(pattern, name, V153));

    [Fact]
    public void Question_mark_is_a_literal_in_1_5_3()
    {
        Assert.True(ServiceNames.IsMatch("/a/?", "/a/?", V153));
        Assert.False(ServiceNames.IsMatch("/a/?", "/a/b", V153));
    }

    [Fact]
    public void Match_returns_the_wildcard_parts_in_order()
    {
        Assert.Equal(["b", "d/e"], ServiceNames.Match("/a/*/c/*", "/a/b/c/d/e", V153));
        Assert.Equal(["a/b"], ServiceNames.Match("/r/?.txt", "/r/a/b.txt", V20));
        Assert.Empty(ServiceNames.Match("/a", "/a", V20)!);
        Assert.Null(ServiceNames.Match("/a/**", "/a/b", V20));
    }
}
