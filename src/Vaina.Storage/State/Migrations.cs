namespace Vaina.Storage.State;

/// <summary>
/// The state DB schema, as an ordered list of migrations. To change the schema, APPEND a migration with
/// the next version number (never edit or reorder a released one): existing databases run only the new ones.
/// Timestamps are TEXT in round-trip ("O") format; ids are TEXT.
/// </summary>
public static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "layers, images, container layers", """
            CREATE TABLE layers (
                id TEXT PRIMARY KEY,
                parent_id TEXT,
                diff_id TEXT NOT NULL,
                size INTEGER NOT NULL,
                compressed_digest TEXT,
                compressed_size INTEGER NOT NULL DEFAULT 0,
                created TEXT NOT NULL,
                link TEXT
            );
            CREATE INDEX layers_parent ON layers(parent_id);
            CREATE INDEX layers_diff_id ON layers(diff_id);
            CREATE INDEX layers_compressed_digest ON layers(compressed_digest);

            CREATE TABLE images (
                id TEXT PRIMARY KEY,
                top_layer_id TEXT REFERENCES layers(id),
                manifest_digest TEXT NOT NULL,
                manifest_media_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                created TEXT NOT NULL,
                pulled TEXT NOT NULL,
                architecture TEXT,
                os TEXT
            );
            CREATE TABLE image_names (
                name TEXT PRIMARY KEY,
                image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                position INTEGER NOT NULL
            );
            CREATE INDEX image_names_image ON image_names(image_id);
            CREATE TABLE image_digests (
                image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                digest TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (image_id, digest)
            );
            CREATE INDEX image_digests_digest ON image_digests(digest);
            CREATE TABLE image_layers (
                image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                layer_id TEXT NOT NULL REFERENCES layers(id),
                PRIMARY KEY (image_id, position)
            );
            CREATE INDEX image_layers_layer ON image_layers(layer_id);

            CREATE TABLE container_layers (
                container_id TEXT PRIMARY KEY,
                parent_layer_id TEXT REFERENCES layers(id),
                created TEXT NOT NULL,
                mount_count INTEGER NOT NULL DEFAULT 0,
                mount_point TEXT
            );
            CREATE INDEX container_layers_parent ON container_layers(parent_layer_id);
            """),
        new(2, "containers", """
            CREATE TABLE containers (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                image_id TEXT,
                image_name TEXT NOT NULL,
                config TEXT NOT NULL,
                state TEXT NOT NULL,
                pid INTEGER NOT NULL DEFAULT 0,
                conmon_pid INTEGER NOT NULL DEFAULT 0,
                exit_code INTEGER NOT NULL DEFAULT 0,
                created TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT,
                oom_killed INTEGER NOT NULL DEFAULT 0,
                restart_count INTEGER NOT NULL DEFAULT 0,
                rootfs_mounted INTEGER NOT NULL DEFAULT 0,
                error TEXT NOT NULL DEFAULT '',
                network_settings TEXT,
                health TEXT
            );
            CREATE INDEX containers_image ON containers(image_id);
            CREATE TABLE container_exit_codes (
                id TEXT PRIMARY KEY,
                exit_code INTEGER NOT NULL,
                recorded TEXT NOT NULL
            );
            """),
        new(3, "network leases, port reservations, container network state", """
            CREATE TABLE network_leases (
                network TEXT NOT NULL,
                address TEXT NOT NULL,
                container_id TEXT NOT NULL,
                PRIMARY KEY (network, address)
            );
            CREATE INDEX network_leases_container ON network_leases(container_id);
            CREATE TABLE network_lease_cursors (
                network TEXT NOT NULL,
                subnet TEXT NOT NULL,
                last_address TEXT NOT NULL,
                PRIMARY KEY (network, subnet)
            );
            CREATE TABLE port_reservations (
                protocol TEXT NOT NULL,
                host_port INTEGER NOT NULL,
                host_ip TEXT NOT NULL,
                container_id TEXT NOT NULL,
                PRIMARY KEY (protocol, host_port, host_ip)
            );
            CREATE INDEX port_reservations_container ON port_reservations(container_id);
            CREATE TABLE container_networks (
                container_id TEXT PRIMARY KEY,
                container_name TEXT NOT NULL,
                attachments TEXT NOT NULL,
                state TEXT
            );
            """),
        new(4, "volumes and the mounts of containers", """
            CREATE TABLE IF NOT EXISTS volumes (
                name TEXT PRIMARY KEY,
                driver TEXT NOT NULL,
                mount_point TEXT NOT NULL,
                created TEXT NOT NULL,
                labels TEXT NOT NULL,
                options TEXT NOT NULL,
                anonymous INTEGER NOT NULL DEFAULT 0,
                needs_copy_up INTEGER NOT NULL DEFAULT 1,
                needs_chown INTEGER NOT NULL DEFAULT 1,
                uid INTEGER,
                gid INTEGER,
                mount_count INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS container_mount_sets (
                container_id TEXT PRIMARY KEY,
                held_mounts INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS container_mounts (
                container_id TEXT NOT NULL REFERENCES container_mount_sets(container_id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                source TEXT NOT NULL,
                destination TEXT NOT NULL,
                options TEXT NOT NULL,
                volume_name TEXT,
                sub_path TEXT,
                PRIMARY KEY (container_id, position)
            );
            CREATE INDEX IF NOT EXISTS container_mounts_volume ON container_mounts(volume_name);
            """),
        new(5, "pods", """
            CREATE TABLE IF NOT EXISTS pods (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                config TEXT NOT NULL,
                created TEXT NOT NULL,
                infra_id TEXT
            );
            """),
        new(6, "image big data (manifests, configs, manifest lists' instances) sized as containers/storage counts them", """
            CREATE TABLE IF NOT EXISTS image_big_data (
                image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                digest TEXT NOT NULL,
                size INTEGER NOT NULL,
                PRIMARY KEY (image_id, key)
            );
            CREATE INDEX IF NOT EXISTS image_big_data_digest ON image_big_data(digest);
            """),
    ];
}
