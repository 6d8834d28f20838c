package dev.sluice.runtime.testkit;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local disk as a java.nio file system that can be full, for code that writes through
 * {@link java.nio.file.Files}: {@link #path} gives a local path seen through this disk, and every
 * write through such a path uses up the free bytes ({@link #setFree}); a write past them writes
 * what fits and fails with {@code No space left on device}, as a full disk does, and the disk's
 * {@link FileStore} reports what is left. For tests that cannot make a really full file system
 * without root. Everything else goes to the default file system.
 */
public final class FullDiskNioFileSystem extends FileSystem {

    private static final long CAPACITY = 1L << 30;
    private static final FileSystem LOCAL = FileSystems.getDefault();

    private final AtomicLong free = new AtomicLong(CAPACITY);
    private final Provider provider = new Provider();
    private final Store store = new Store();

    /** {@code local} as a path of this disk: the same file, its writes counted against the free bytes. */
    public Path path(Path local) {
        return wrap(local);
    }

    /** Leaves {@code bytes} free on this disk. */
    public void setFree(long bytes) {
        free.set(bytes);
    }

    private Path wrap(Path local) {
        // a proxy rather than a class of twenty delegating methods: only getFileSystem differs
        return local == null ? null : (Path) Proxy.newProxyInstance(Path.class.getClassLoader(),
                new Class<?>[] {Path.class}, new OnThisDisk(local));
    }

    private static Path unwrap(Path path) {
        return Proxy.isProxyClass(path.getClass()) && Proxy.getInvocationHandler(path) instanceof OnThisDisk seen
                ? seen.local : path;
    }

    /** A local path's methods, with paths in and out seen through this disk. */
    private final class OnThisDisk implements InvocationHandler {
        private final Path local;

        OnThisDisk(Path local) {
            this.local = local;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("getFileSystem")) {
                return FullDiskNioFileSystem.this;
            }
            Object[] plain = args == null ? null : new Object[args.length];
            for (int i = 0; plain != null && i < args.length; i++) {
                plain[i] = args[i] instanceof Path p ? unwrap(p) : args[i];
            }
            try {
                Object result = method.invoke(local, plain);
                return result instanceof Path p ? wrap(p) : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return LOCAL.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(wrap(Path.of("/")));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of(store);
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return LOCAL.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(LOCAL.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher local = LOCAL.getPathMatcher(syntaxAndPattern);
        return path -> local.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return LOCAL.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() throws IOException {
        return LOCAL.newWatchService();
    }

    /** The default provider on unwrapped paths, with writing channels that count their bytes. */
    private final class Provider extends FileSystemProvider {
        private final FileSystemProvider local = LOCAL.provider();

        @Override
        public String getScheme() {
            return "fulldisk";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException("made with new FullDiskNioFileSystem()");
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return FullDiskNioFileSystem.this;
        }

        @Override
        public Path getPath(URI uri) {
            return wrap(Path.of(uri));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                                  FileAttribute<?>... attrs) throws IOException {
            SeekableByteChannel channel = local.newByteChannel(unwrap(path), options, attrs);
            boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
            return writes ? new Limited(channel) : channel;
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> entries = local.newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> plain = entries.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return plain.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(plain.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    entries.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            local.createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            local.delete(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            local.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            local.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return local.isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return local.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) {
            return store;
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            local.checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return local.getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return local.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return local.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            local.setAttribute(unwrap(path), attribute, value, options);
        }
    }

    /** Writes while the disk has free bytes, then fails as a full disk does. */
    private final class Limited implements SeekableByteChannel {
        private final SeekableByteChannel channel;

        Limited(SeekableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int wanted = src.remaining();
            long granted = Math.min(wanted, Math.max(0, free.getAndUpdate(f -> Math.max(0, f - wanted))));
            ByteBuffer fits = src.slice().limit((int) granted);
            int written = channel.write(fits);
            src.position(src.position() + written);
            if (granted < wanted) {
                throw new IOException("No space left on device");
            }
            return written;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The disk's capacity and free bytes, as {@code Files.getFileStore} reports them. */
    private final class Store extends FileStore {
        @Override
        public String name() {
            return "fulldisk";
        }

        @Override
        public String type() {
            return "fulldisk";
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }

        @Override
        public long getTotalSpace() {
            return CAPACITY;
        }

        @Override
        public long getUsableSpace() {
            return free.get();
        }

        @Override
        public long getUnallocatedSpace() {
            return free.get();
        }

        @Override
        public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
            return false;
        }

        @Override
        public boolean supportsFileAttributeView(String name) {
            return false;
        }

        @Override
        public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
            return null;
        }

        @Override
        public Object getAttribute(String attribute) {
            throw new UnsupportedOperationException("no attribute " + attribute + " on a test disk");
        }
    }
}
