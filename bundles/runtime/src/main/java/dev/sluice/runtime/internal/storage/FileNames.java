package dev.sluice.runtime.internal.storage;

/**
 * Operator and input names as file names: letters, digits, '.' and '-' stay, any other character
 * becomes '_' and its code in hex, so every name has its own file name on every file system.
 */
public final class FileNames {

    private FileNames() {
    }

    public static String encode(String name) {
        var out = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-') {
                out.append(c);
            } else {
                out.append('_').append(Integer.toHexString(c)).append('_');
            }
        }
        return out.toString();
    }
}
