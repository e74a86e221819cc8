package org.ncclkit.deploy;

import org.ncclkit.launch.ShellWords;

/**
 * The shell script that puts an uploaded bundle archive in place on a node without ever leaving a half-written bundle
 * at the path: it unpacks beside the path into a fresh folder, checks that bin/ncclkit is there, then renames the old
 * bundle aside and the new one in (putting the old one back if that fails) and removes the archive and the old one.
 * A failure at any step leaves the bundle that was there, and no temporary files.
 */
final class RemoteInstall {
    private RemoteInstall() {
    }

    /** The folder beside {@code home} that the archive is uploaded to first (it must be on the same file system). */
    static String archivePath(String home, String token) {
        return parent(home) + "/.ncclkit-deploy-" + token + ".tar.gz";
    }

    /** Makes the parent folder, so the upload has somewhere to go. */
    static String prepare(String home) {
        return "mkdir -p " + ShellWords.quote(parent(home));
    }

    /** The script; {@code bundleName} is the top folder inside the archive. */
    static String script(String home, String bundleName, String token) {
        String parent = ShellWords.quote(parent(home));
        String target = ShellWords.quote(home);
        String archive = ShellWords.quote(archivePath(home, token));
        String staging = ShellWords.quote(parent(home) + "/.ncclkit-deploy-" + token);
        String unpacked = ShellWords.quote(parent(home) + "/.ncclkit-deploy-" + token + "/" + bundleName);
        String old = ShellWords.quote(parent(home) + "/.ncclkit-deploy-" + token + "/old");
        return String.join("\n",
                "fail() { echo \"ncclkit-deploy: $*\" >&2; rm -rf " + staging + " " + archive + "; exit 1; }",
                "cd " + parent + " || fail 'cannot enter the folder'",
                "mkdir " + staging + " || fail 'cannot make a staging folder'",
                "tar -xzf " + archive + " -C " + staging + " || fail 'cannot unpack the archive (disk full?)'",
                "test -x " + unpacked + "/bin/ncclkit || fail 'the archive has no " + bundleName + "/bin/ncclkit'",
                "if [ -e " + target + " ]; then mv " + target + " " + old + " || fail 'cannot move the old bundle aside'; fi",
                "if ! mv " + unpacked + " " + target + "; then",
                "  [ -e " + old + " ] && mv " + old + " " + target,
                "  fail 'cannot rename the new bundle into place'",
                "fi",
                "rm -rf " + staging + " " + archive,
                "");
    }

    private static String parent(String home) {
        int slash = home.lastIndexOf('/');
        return slash <= 0 ? "/" : home.substring(0, slash);
    }
}
