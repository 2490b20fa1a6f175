using Vaina.Engine.Volumes;

namespace Vaina.Engine.Tests;

/// <summary>Every -v and --mount form Podman accepts, and its error for those it refuses.</summary>
public sealed class MountSpecParserTests
{
    public static TheoryData<string, string, string, string, string> VolumeForms => new()
    {
        // value, kind, source, destination, options
        { "/data", "Volume", "", "/data", "" },
        { "/data/", "Volume", "", "/data", "" },
        { "myvol:/data", "Volume", "myvol", "/data", "" },
        { "myvol:/data:ro", "Volume", "myvol", "/data", "ro" },
        { "myvol:/data:ro,nocopy,U", "Volume", "myvol", "/data", "ro,nocopy,U" },
        { "/tmp:/host", "Bind", "/tmp", "/host", "" },
        { "/tmp:/host:rw,z", "Bind", "/tmp", "/host", "rw,z" },
        { "/tmp:/host:Z,ro,rshared", "Bind", "/tmp", "/host", "Z,ro,rshared" },
        { "/tmp:/host:bind,slave", "Bind", "/tmp", "/host", "bind,slave" },
        { "/tmp:/host:U", "Bind", "/tmp", "/host", "U" },
        { "/tmp:/host:noexec,nosuid,nodev", "Bind", "/tmp", "/host", "noexec,nosuid,nodev" },
        { "/tmp:/host:cached,delegated", "Bind", "/tmp", "/host", "" },
        { "/tmp:/host:O", "Overlay", "/tmp", "/host", "O" },
        { "/tmp:/host:O,U", "Overlay", "/tmp", "/host", "O,U" },
        { "/tmp:/host:O,upperdir=/u,workdir=/w", "Overlay", "/tmp", "/host", "O,upperdir=/u,workdir=/w" },
        { "/tmp/../tmp:/a/./b/../c", "Bind", "/tmp", "/a/c", "" },
    };

    [Theory]
    [MemberData(nameof(VolumeForms))]
    public void VolumeFlagForms(string value, string kind, string source, string destination, string options)
    {
        var m = MountSpecParser.ParseVolume(value);
        Assert.Equal(kind, m.Kind.ToString());
        Assert.Equal(source, m.Source);
        Assert.Equal(destination, m.Destination);
        Assert.Equal(options, string.Join(',', m.Options));
    }

    [Theory]
    [InlineData("a:b:c:d", "a:b:c:d: incorrect volume format, should be [host-dir:]ctr-dir[:option]")]
    [InlineData(":/data", "host directory cannot be empty")]
    [InlineData("vol:data", "invalid container path \"data\", must be an absolute path")]
    [InlineData("vol:", "container directory cannot be empty")]
    [InlineData("/tmp:/x:ro,rw", "invalid options \"ro, rw\", can only specify 1 'rw' or 'ro' option")]
    [InlineData("/tmp:/x:z,Z", "invalid options \"z, Z\", can only specify 1 'z', 'Z', or 'O' option")]
    [InlineData("/tmp:/x:shared,private", "invalid options \"shared, private\", can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option")]
    [InlineData("/tmp:/x:bind,rbind", "invalid options \"bind, rbind\", can only specify 1 '[r]bind' option")]
    [InlineData("/tmp:/x:U,U", "invalid options \"U, U\", can only specify 1 'U' option")]
    [InlineData("/tmp:/x:exec,noexec", "invalid options \"exec, noexec\", can only specify 1 'noexec' or 'exec' option")]
    [InlineData("/tmp:/x:copy,nocopy", "invalid options \"copy, nocopy\", can only specify 1 'copy' or 'nocopy' option")]
    [InlineData("/tmp:/x:bogus", "invalid option type \"bogus\"")]
    [InlineData("/tmp:/x:O,ro", "can't use 'O' with other options")]
    [InlineData("/tmp:/x:O,upperdir=/u", "must set both `upperdir` and `workdir`")]
    public void VolumeFlagErrors(string value, string message)
    {
        var e = Assert.ThrowsAny<VainaException>(() => MountSpecParser.ParseVolume(value));
        Assert.Equal(message, e.Message);
        Assert.Equal(125, e.ExitCode);
    }

    public static TheoryData<string, string, string, string, string> MountForms => new()
    {
        { "type=bind,src=/tmp,dst=/x", "Bind", "/tmp", "/x", "" },
        { "type=bind,source=/tmp,target=/x,readonly", "Bind", "/tmp", "/x", "ro" },
        { "type=bind,source=/tmp,destination=/x,ro=true", "Bind", "/tmp", "/x", "ro" },
        { "type=bind,source=/tmp,destination=/x,rw=false", "Bind", "/tmp", "/x", "ro" },
        { "type=bind,source=/tmp,destination=/x,ro=false", "Bind", "/tmp", "/x", "" },
        { "type=bind,src=/tmp,dst=/x,bind-propagation=rslave", "Bind", "/tmp", "/x", "rslave" },
        { "type=bind,src=/tmp,dst=/x,bind-nonrecursive", "Bind", "/tmp", "/x", "bind" },
        { "type=bind,src=/tmp,dst=/x,relabel=private,U=true", "Bind", "/tmp", "/x", "Z,U" },
        { "type=bind,src=/tmp,dst=/x,relabel=shared,chown=false,consistency=cached", "Bind", "/tmp", "/x", "z" },
        { "type=bind,dst=/tmp", "Bind", "/tmp", "/tmp", "" },
        { "type=volume,src=vol,dst=/x", "Volume", "vol", "/x", "" },
        { "type=volume,dst=/x", "Volume", "", "/x", "" },
        { "type=volume,source=vol,target=/x,ro,volume-nocopy", "Volume", "vol", "/x", "ro,nocopy" },
        { "type=volume,source=vol,target=/x,nosuid,nodev,noexec,U", "Volume", "vol", "/x", "nosuid,nodev,noexec,U" },
        { "type=tmpfs,dst=/t", "Tmpfs", "tmpfs", "/t", "" },
        { "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=0700,notmpcopyup", "Tmpfs", "tmpfs", "/t", "size=1m,mode=0700,notmpcopyup" },
        { "type=ramfs,dst=/t", "Ramfs", "ramfs", "/t", "" },
        { "type=devpts,dst=/dev/pts2,uid=0,mode=600", "Devpts", "devpts", "/dev/pts2", "uid=0,mode=600" },
        { "type=image,src=busybox,dst=/img", "Image", "busybox", "/img", "ro" },
        { "type=image,src=busybox,dst=/img,rw=true", "Image", "busybox", "/img", "rw" },
        { "dst=/x,type=bind,src=/tmp", "Bind", "/tmp", "/x", "" },
        { "\"type=bind\",\"src=/tmp\",\"dst=/x\"", "Bind", "/tmp", "/x", "" },
    };

    [Theory]
    [MemberData(nameof(MountForms))]
    public void MountFlagForms(string value, string kind, string source, string destination, string options)
    {
        var m = Assert.Single(MountSpecParser.ParseMount(value));
        Assert.Equal(kind, m.Kind.ToString());
        Assert.Equal(source, m.Source);
        Assert.Equal(destination, m.Destination);
        Assert.Equal(options, string.Join(',', m.Options));
    }

    [Fact]
    public void VolumeOptAndSubpathOfANamedVolume()
    {
        var m = Assert.Single(MountSpecParser.ParseMount("type=volume,src=v,dst=/x,volume-opt=type=tmpfs,volume-opt=device=tmpfs,subpath=sub/dir"));
        Assert.Equal("tmpfs", m.VolumeOptions["type"]);
        Assert.Equal("tmpfs", m.VolumeOptions["device"]);
        Assert.Equal("sub/dir", m.SubPath);
        Assert.Empty(m.Options);
    }

    [Fact]
    public void GlobMountExpandsToOneBindPerMatch()
    {
        var dir = Directory.CreateTempSubdirectory("vaina-glob-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.conf"), "a");
            File.WriteAllText(Path.Combine(dir, "b.conf"), "b");
            File.WriteAllText(Path.Combine(dir, "c.txt"), "c");
            var mounts = MountSpecParser.ParseMount($"type=glob,src={dir}/*.conf,dst=/etc/conf,ro");
            Assert.Equal([$"{dir}/a.conf", $"{dir}/b.conf"], mounts.Select(m => m.Source));
            Assert.Equal(["/etc/conf/a.conf", "/etc/conf/b.conf"], mounts.Select(m => m.Destination));
            Assert.All(mounts, m => Assert.Equal(["ro"], m.Options));
            var e = Assert.Throws<VainaException>(() => MountSpecParser.ParseMount($"type=glob,src={dir}/*.none"));
            Assert.Equal($"no file paths matching glob \"{dir}/*.none\"", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("src=/tmp,dst=/x", "incorrect mount format: should be --mount type=<bind|glob|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]")]
    [InlineData("type=nfs,dst=/x", "invalid filesystem type \"nfs\"")]
    [InlineData("type=bind,src=/tmp", "must set volume destination")]
    [InlineData("type=bind,src=/tmp,dst=x", "invalid container path \"x\", must be an absolute path")]
    [InlineData("type=bind,src=/tmp,dst", "dst: must provide an argument for option")]
    [InlineData("type=bind,src=,dst=/x", "host directory cannot be empty: must provide an argument for option")]
    [InlineData("type=bind,src=/tmp,dst=/x,foo=bar", "foo: invalid mount option")]
    [InlineData("type=bind,src=/tmp,dst=/x,ro,rw", "cannot pass 'readonly', 'ro', or 'rw' options more than once: must provide an argument for option")]
    [InlineData("type=bind,src=/tmp,dst=/x,ro=maybe", "'readonly', 'ro', or 'rw' must be set to true or false, instead received \"maybe\": must provide an argument for option")]
    [InlineData("type=bind,src=/tmp,dst=/x,bind-propagation=wide", "invalid value \"bind-propagation=wide\"")]
    [InlineData("type=bind,src=/tmp,dst=/x,relabel=yes", "relabel mount option must be 'private' or 'shared': invalid mount option")]
    [InlineData("type=bind,src=/tmp,dst=/x,U=maybe", "'U' or 'chown' must be set to true or false, instead received \"maybe\": must provide an argument for option")]
    [InlineData("type=bind,src=/tmp,dst=/x,tmpfs-size=1m", "tmpfs-size: invalid mount option")]
    [InlineData("type=tmpfs,src=/tmp,dst=/x", "source is not supported with tmpfs mounts")]
    [InlineData("type=tmpfs,dst=/x,tmpfs-size", "tmpfs-size: must provide an argument for option")]
    [InlineData("type=tmpfs,dst=/x,bind-propagation=shared", "bind-propagation: invalid mount option")]
    [InlineData("type=volume,src=v,dst=/x,volume-label=a=b", "the --volume-label option is not presently implemented")]
    [InlineData("type=volume,src=v,dst=/x,bind-propagation=shared", "bind-propagation: invalid mount option")]
    [InlineData("type=devpts,dst=/x,foo", "foo: invalid mount option")]
    [InlineData("type=devpts,uid=0", "must set volume destination")]
    [InlineData("type=image,dst=/x", "must set source and destination for image volume")]
    [InlineData("type=image,src=i,dst=/x,rw=yes", "invalid rw value \"yes\": invalid mount option")]
    public void MountFlagErrors(string value, string message)
    {
        var e = Assert.ThrowsAny<VainaException>(() => MountSpecParser.ParseMount(value));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void DuplicateDestinationsAreRefusedUnlessIdentical()
    {
        Assert.Single(MountSpecParser.Parse(["/tmp:/x", "/tmp:/x"], []));
        var e = Assert.Throws<VainaException>(() => MountSpecParser.Parse(["/tmp:/x", "/var:/x"], []));
        Assert.Equal("/x: duplicate mount destination", e.Message);
        e = Assert.Throws<VainaException>(() => MountSpecParser.Parse(["/tmp:/x"], ["type=tmpfs,dst=/x"]));
        Assert.Equal("/x: duplicate mount destination", e.Message);
        e = Assert.Throws<VainaException>(() => MountSpecParser.Parse([], ["type=tmpfs,dst=/x", "type=volume,dst=/x"]));
        Assert.Equal("/x: duplicate mount destination", e.Message);
    }
}
