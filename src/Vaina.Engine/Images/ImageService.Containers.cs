using Microsoft.Data.Sqlite;
using Vaina.Storage.State;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    private bool? _hasContainersTable;

    /// <summary>
    /// Ids of the containers using an image: the <see cref="ContainerUsers"/> hook when the container side set it,
    /// else the state DB's containers table (image_id), when that table exists.
    /// </summary>
    public IReadOnlyList<string> ContainersUsing(string imageId)
    {
        if (ContainerUsers is { } hook)
        {
            return hook(imageId);
        }

        var database = _engine.Store.Database;
        _hasContainersTable ??= database.Read(c => StateDatabase.Scalar(c, null, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'containers'") is not null);
        if (_hasContainersTable != true)
        {
            return [];
        }

        return database.Read(connection =>
        {
            using SqliteCommand command = StateDatabase.Command(connection, null, "SELECT id FROM containers WHERE image_id = @p0", imageId);
            using SqliteDataReader reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        });
    }
}
