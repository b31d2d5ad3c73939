using McpGateway.Connectors.Upstreams.Sql;

namespace McpGateway.Connectors.Tests.Upstreams.Sql;

public sealed class SqlStatementTests
{
    [Fact]
    public void Parse_NamedParameters_BecomeAtPlaceholdersOnceEach()
    {
        var statement = SqlStatement.Parse("SELECT * FROM t WHERE a = :first AND (b = :second OR c = :first)");

        Assert.Equal("SELECT * FROM t WHERE a = @first AND (b = @second OR c = @first)", statement.Text);
        Assert.Equal(["first", "second"], statement.Parameters);
    }

    [Fact]
    public void Parse_LiteralsCommentsAndCasts_AreNotParameters()
    {
        var sql = "SELECT ':a', \"col:b\", x::text, y /* :c */ FROM t -- :d\nWHERE z = :real AND w = 'it''s :e'";

        var statement = SqlStatement.Parse(sql);

        Assert.Equal(["real"], statement.Parameters);
        Assert.Equal(sql.Replace(":real", "@real", StringComparison.Ordinal), statement.Text);
    }

    [Fact]
    public void Parse_ColonAfterAnIdentifier_IsNotAParameter()
    {
        var statement = SqlStatement.Parse("SELECT arr[1:2] FROM t WHERE id = :id");

        Assert.Equal(["id"], statement.Parameters);
        Assert.StartsWith("SELECT arr[1:2]", statement.Text, StringComparison.Ordinal);
    }
}
