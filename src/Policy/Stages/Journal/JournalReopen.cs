namespace McpGateway.Policy.Stages.Journal;

/// <summary>Why an ended execution record is opened again (see <see cref="IJournalStore.ReopenAsync"/>).</summary>
public enum JournalReopen
{
    /// <summary>The next round of a Multi Round-Trip Request: the record ended <c>input_required</c>.</summary>
    InputRound,

    /// <summary>The thaw of a call frozen for approval: the approved call runs as the frozen execution.</summary>
    Thaw,
}
