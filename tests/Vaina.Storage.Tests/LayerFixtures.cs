namespace Vaina.Storage.Tests;

/// <summary>Three layers exercising every entry type, whiteouts and opaque dirs across layers.</summary>
public static class LayerFixtures
{
    public static readonly string LongDir = new('d', 60);
    public static readonly string LongFile = new('f', 120);

    public static byte[] Layer1() => new TarBuilder()
        .Dir("ml/")
        .File("ml/keep.txt", "keep\n")
        .File("ml/modify.txt", "original\n")
        .File("ml/exec.sh", "#!/bin/sh\necho hi\n", mode: (UnixFileMode)0b111_101_101)
        .File("ml/setuid", "suid\n", mode: (UnixFileMode)0b100_111_101_101)
        .File("ml/setgid-sticky", "sg\n", mode: (UnixFileMode)0b011_111_101_101)
        .File("ml/owned-1000", "owned by 1000\n", mode: (UnixFileMode)0b110_100_000, uid: 1000, gid: 1000)
        .File("ml/xattr-file", "x\n", xattrs: new() { ["user.vaina"] = "hello", ["trusted.vaina"] = "secret" })
        .Symlink("ml/link-to-keep", "keep.txt")
        .Symlink("ml/abs-link", "/etc/passwd")
        .File("ml/hardlink-a", "hardlinked content\n")
        .HardLink("ml/hardlink-b", "ml/hardlink-a")
        .CharDevice("ml/null", 1, 3)
        .BlockDevice("ml/loop9", 7, 9)
        .Fifo("ml/fifo")
        .Dir("ml/empty-dir", mode: (UnixFileMode)0b111_000_000)
        .Dir("ml/opaque", mode: (UnixFileMode)0b111_101_000)
        .File("ml/opaque/old1", "old1\n")
        .Dir("ml/opaque/oldsub")
        .File("ml/opaque/oldsub/x", "x\n")
        .Dir("ml/deleted-dir", mode: (UnixFileMode)0b111_001_001)
        .File("ml/deleted-dir/a", "a\n")
        .Dir("ml/deleted-dir/sub")
        .File("ml/deleted-file", "bye\n")
        .File("ml/file-to-dir", "file\n")
        .Dir("ml/dir-to-symlink")
        .File("ml/dir-to-symlink/x", "x\n")
        .Dir("ml/" + LongDir)
        .File("ml/" + LongDir + "/" + LongFile, "a file with a very long name\n")
        .Gnu(System.Formats.Tar.TarEntryType.RegularFile, "ml/gnu-" + new string('g', 110), "gnu long name\n")
        .File("ml/name with spaces", "spaces\n")
        .Dir("ml/dated", mtime: DateTimeOffset.FromUnixTimeSeconds(1000000000))
        .File("ml/dated/child", "c\n")
        .Build();

    public static byte[] Layer2() => new TarBuilder()
        .Dir("ml/")
        .Whiteout("ml", "deleted-file")
        .Whiteout("ml", "deleted-dir")
        .Dir("ml/opaque", mode: (UnixFileMode)0b111_101_000)
        .Opaque("ml/opaque")
        .File("ml/opaque/new1", "new1\n")
        .Dir("ml/file-to-dir")
        .File("ml/file-to-dir/inside", "now a directory\n")
        .Symlink("ml/dir-to-symlink", "keep.txt")
        .File("ml/modify.txt", "modified\n")
        .Build();

    public static byte[] Layer3() => new TarBuilder()
        .Dir("ml/")
        .Dir("ml/deleted-dir", mode: (UnixFileMode)0b111_001_001)
        .File("ml/deleted-dir/fresh", "re-created after a whiteout of the directory\n")
        .File("ml/added-in-layer3", "layer 3\n")
        .Dir("ml/opaque", mode: (UnixFileMode)0b111_101_000)
        .File("ml/opaque/new2", "new2\n")
        .Build();

    /// <summary>Lines of the final /ml tree that must be present (TreeListing format).</summary>
    public static string[] ExpectedLines() =>
    [
        "/ml/keep.txt\tfile\t0644\t0\t0\t5\t1\t1666051200\t" + Sha("keep\n"),
        "/ml/modify.txt\tfile\t0644\t0\t0\t9\t1\t1666051200\t" + Sha("modified\n"),
        "/ml/exec.sh\tfile\t0755\t0\t0\t18\t1\t1666051200\t" + Sha("#!/bin/sh\necho hi\n"),
        "/ml/setuid\tfile\t4755\t0\t0\t5\t1\t1666051200\t" + Sha("suid\n"),
        "/ml/setgid-sticky\tfile\t3755\t0\t0\t3\t1\t1666051200\t" + Sha("sg\n"),
        "/ml/owned-1000\tfile\t0640\t1000\t1000\t14\t1\t1666051200\t" + Sha("owned by 1000\n"),
        "/ml/link-to-keep\tsymlink\t0777\t0\t0\tkeep.txt\t-\t1666051200\t-",
        "/ml/abs-link\tsymlink\t0777\t0\t0\t/etc/passwd\t-\t1666051200\t-",
        "/ml/hardlink-a\tfile\t0644\t0\t0\t19\t2\t1666051200\t" + Sha("hardlinked content\n"),
        "/ml/hardlink-b\tfile\t0644\t0\t0\t19\t2\t1666051200\t" + Sha("hardlinked content\n"),
        "/ml/null\tchardev\t0666\t0\t0\t1,3\t-\t1666051200\t-",
        "/ml/loop9\tblockdev\t0660\t0\t0\t7,9\t-\t1666051200\t-",
        "/ml/fifo\tfifo\t0644\t0\t0\t-\t-\t1666051200\t-",
        "/ml/empty-dir\tdir\t0700\t0\t0\t-\t-\t-\t-",
        "/ml/opaque\tdir\t0750\t0\t0\t-\t-\t-\t-",
        "/ml/opaque/new1\tfile\t0644\t0\t0\t5\t1\t1666051200\t" + Sha("new1\n"),
        "/ml/opaque/new2\tfile\t0644\t0\t0\t5\t1\t1666051200\t" + Sha("new2\n"),
        "/ml/deleted-dir\tdir\t0711\t0\t0\t-\t-\t-\t-",
        "/ml/deleted-dir/fresh\tfile\t0644\t0\t0\t45\t1\t1666051200\t" + Sha("re-created after a whiteout of the directory\n"),
        "/ml/file-to-dir\tdir\t0755\t0\t0\t-\t-\t-\t-",
        "/ml/file-to-dir/inside\tfile\t0644\t0\t0\t16\t1\t1666051200\t" + Sha("now a directory\n"),
        "/ml/dir-to-symlink\tsymlink\t0777\t0\t0\tkeep.txt\t-\t1666051200\t-",
        "/ml/" + LongDir + "/" + LongFile + "\tfile\t0644\t0\t0\t29\t1\t1666051200\t" + Sha("a file with a very long name\n"),
        "/ml/gnu-" + new string('g', 110) + "\tfile\t0644\t0\t0\t14\t1\t1666051200\t" + Sha("gnu long name\n"),
        "/ml/name with spaces\tfile\t0644\t0\t0\t7\t1\t1666051200\t" + Sha("spaces\n"),
        "/ml/added-in-layer3\tfile\t0644\t0\t0\t8\t1\t1666051200\t" + Sha("layer 3\n"),
    ];

    /// <summary>Paths that must not exist in the final tree.</summary>
    public static string[] AbsentPaths() =>
    [
        "/ml/deleted-file", "/ml/deleted-dir/a", "/ml/deleted-dir/sub", "/ml/opaque/old1", "/ml/opaque/oldsub",
        "/ml/dir-to-symlink/x",
    ];

    public static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
