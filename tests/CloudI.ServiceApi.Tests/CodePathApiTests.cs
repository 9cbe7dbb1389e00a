namespace CloudI.ServiceApi.Tests;

public sealed class CodePathApiTests : ApiTestBase
{
    [Fact]
    public async Task RoundTrip()
    {
        string directory = Directory.CreateTempSubdirectory("cloudi-api-").FullName;
        try
        {
            Assert.Equal("[]", await Get("code_path"));
            Assert.Equal("ok", await Post("code_path_add", $"\"{directory}\""));
            Assert.Equal($"[\"{directory}\"]", await Get("code_path"));
            Assert.Equal("ok", await Post("code_path_remove", $"\"{directory}\""));
            Assert.Equal("[]", await Get("code_path"));
            Assert.Equal("{error,does_not_exist}", await Post("code_path_remove", $"\"{directory}\""));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task Errors()
    {
        Assert.Equal("{error,bad_directory}", await Post("code_path_add", "\"/home/user/code/services/does/not/exist\""));
        Assert.Equal("{error,does_not_exist}", await Post("code_path_remove", "\"/home/user/code/services\""));
        Assert.Equal("{error,{bad_directory,42}}", await Post("code_path_add", "42"));
    }
}
