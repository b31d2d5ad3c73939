namespace McpGateway.Admin;

/// <summary>One page asked of a list (<see cref="Paging"/>): the list, its filters, the size and the key to start after.</summary>
/// <param name="List">The list's name, so a cursor of another list is refused.</param>
/// <param name="Filter">The request's filters in a canonical form, so a cursor made for other filters is refused.</param>
/// <param name="Limit">At most this many rows.</param>
/// <param name="After">The sort key of the previous page's last row; null for the first page.</param>
internal sealed record PageRequest(string List, string Filter, int Limit, string? After);
