using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Tests.Configuration;

public sealed class AclTableTests
{
    private static readonly ErlangAtom Sensitive = new("sensitive");

    [Fact]
    public void Strings_without_a_wildcard_get_the_implicit_star()
    {
        var table = new AclTable();
        table.AddTerm(ConfigText.Term("[{sensitive, [\"/accouting/\", \"/finance/\"]}, {patterns, [\"/a/*/b\", \"*\"]}]"));
        var lists = table.Expanded();
        Assert.Equal(["/accouting/*", "/finance/*"], lists["sensitive"]);
        Assert.Equal(["/a/*/b", "*"], lists["patterns"]);
    }

    [Fact]
    public void A_question_mark_is_a_wildcard_as_the_runtime_matches_it()
    {
        // The runtime matches with the 2.0.x syntax: "/y/?/z" is already a pattern (no implicit *)
        // and means what it says; "/x/?" is no valid pattern there, so it is refused here rather
        // than stored as "/x/?*", which would never match.
        var table = new AclTable();
        table.AddTerm(ConfigText.Term("[{one, [\"/y/?/z\"]}]"));
        Assert.Equal(["/y/?/z"], table.Expanded()["one"]);
        var e = Assert.Throws<CloudIConfigException>(() => table.AddTerm(ConfigText.Term("[{two, [\"/x/?\"]}]")));
        Assert.Equal("acl_invalid", e.Reason);
    }

    [Fact]
    public void Nested_names_expand_in_any_order_and_against_earlier_lists()
    {
        var table = new AclTable();
        table.AddTerm(ConfigText.Term("[{all, [db, web, \"/x\"]}, {web, [api, \"/www/\"]}, {db, [\"/db/\"]}, {api, [\"/cloudi/api/\"]}]"));
        Assert.Equal(["/db/*", "/cloudi/api/*", "/www/*", "/x*"], table.Expanded()["all"]);

        table.Add([new("more", (IReadOnlyList<ErlangTerm>)[new ErlangAtom("all"), ErlangList.FromString("/more/")])]);
        Assert.Equal(["/db/*", "/cloudi/api/*", "/www/*", "/x*", "/more/*"], table.Expanded()["more"]);
        Assert.Equal(5, table.Count);
    }

    [Fact]
    public void Removing_a_name_keeps_what_others_expanded_from_it()
    {
        var table = new AclTable();
        table.AddTerm(ConfigText.Term("[{a, [\"/a/\"]}, {b, [a]}]"));
        Assert.True(table.Remove("a"));
        Assert.False(table.Remove("a"));
        Assert.Equal(["/a/*"], table.Expanded()["b"]);
        var error = Assert.Throws<CloudIConfigException>(() => table.Resolve(new AclSpec([new ErlangAtom("a")])));
        Assert.Equal("acl_not_found", error.Reason);
        Assert.Equal(new ErlangAtom("a"), error.Term);
    }

    [Fact]
    public void Resolve_expands_names_and_adds_the_implicit_star_to_service_strings()
    {
        var table = new AclTable();
        table.Add([new("sensitive", (IReadOnlyList<ErlangTerm>)[ErlangList.FromString("/finance/")])]);
        var spec = new AclSpec([Sensitive, ErlangList.FromString("/cloudi/api/"), ErlangList.FromString("/x/*/y")]);
        Assert.Equal(["/finance/*", "/cloudi/api/*", "/x/*/y"], table.Resolve(spec));
        Assert.Empty(table.Resolve(new AclSpec([])));
    }

    [Fact]
    public void Later_changes_only_affect_later_resolutions()
    {
        var table = new AclTable();
        table.Add([new("sensitive", (IReadOnlyList<ErlangTerm>)[ErlangList.FromString("/a/")])]);
        var spec = new AclSpec([Sensitive]);
        var atStart = table.Resolve(spec);
        table.Add([new("sensitive", (IReadOnlyList<ErlangTerm>)[ErlangList.FromString("/b/")])]);
        Assert.Equal(["/a/*"], atStart);
        Assert.Equal(["/b/*"], table.Resolve(spec));
    }

    [Theory]
    [InlineData("[{a, [b]}, {b, [c]}, {c, [a]}]", "acl_cyclic")]
    [InlineData("[{a, [a]}]", "acl_cyclic")]
    [InlineData("[{a, [missing]}]", "acl_not_found")]
    [InlineData("[{a, [\"/x/**\"]}]", "acl_invalid")]
    [InlineData("[{a, [\"\"]}]", "acl_invalid")]
    [InlineData("[{a, [<<\"/bin/\">>]}]", "acl_invalid")]
    [InlineData("[{a, \"/x/\"}]", "acl_invalid")]
    [InlineData("[{a, [\"/x/\"]}, {a, [\"/y/\"]}]", "acl_invalid")]
    [InlineData("[a]", "acl_invalid")]
    [InlineData("a", "acl_invalid")]
    public void Invalid_additions_change_nothing(string text, string reason)
    {
        var table = new AclTable();
        table.AddTerm(ConfigText.Term("[{keep, [\"/keep/\"]}]"));
        var error = Assert.Throws<CloudIConfigException>(() => table.AddTerm(ConfigText.Term(text)));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(["keep"], table.Expanded().Keys);
    }

    [Fact]
    public void Add_validates_names_and_entries_of_the_dotnet_form()
    {
        var table = new AclTable();
        Assert.Equal("acl_invalid", Assert.Throws<CloudIConfigException>(() =>
            table.Add([new(string.Empty, (IReadOnlyList<ErlangTerm>)[])])).Reason);
        Assert.Equal("acl_invalid", Assert.Throws<CloudIConfigException>(() =>
            table.Add([new("a", (IReadOnlyList<ErlangTerm>)[ErlangInteger.From(1)])])).Reason);
        Assert.Equal("acl_invalid", Assert.Throws<CloudIConfigException>(() =>
            table.Resolve(new AclSpec([ErlangList.FromString("/a/**")]))).Reason);
        Assert.Equal(0, table.Count);
    }
}
