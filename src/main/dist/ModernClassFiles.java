import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites, in the jars named, every class file older than Java 6 (picocli's are Java 5) as a Java 8 class file with
 * stack maps, its code unchanged. The JVM's ahead-of-time cache cannot hold classes that the old verifier checks
 * ("Old class has been linked"), so without this picocli's ~170 classes are loaded, parsed and verified from the jar
 * at every start: about 50 ms of ncclkit's 0.2 s to its options on the build machine. A jar without such classes is
 * left as it is. Run by the build (pom.xml) on the bundle's lib/ before make-aot-cache.sh, with the build's JDK:
 * {@code java ModernClassFiles.java JAR...}.
 */
public class ModernClassFiles {
    public static void main(String[] jars) throws IOException {
        for (String name : jars) {
            Path jar = Path.of(name);
            int rewritten = rewrite(jar);
            if (rewritten > 0) {
                System.out.println("ModernClassFiles: " + jar.getFileName() + ": " + rewritten + " class files now Java 8 with stack maps");
            }
        }
    }

    private static int rewrite(Path jar) throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + ".tmp");
        int rewritten = 0;
        try (URLClassLoader classes = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null);
             InputStream file = Files.newInputStream(jar);
             ZipInputStream in = new ZipInputStream(file);
             OutputStream target = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(target)) {
            // stack maps need the class hierarchy: the jar's own classes, then the JDK's
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.ofResourceParsing(classes)
                            .orElse(ClassHierarchyResolver.defaultResolver())));
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < ClassFile.JAVA_6_VERSION) {
                        bytes = classFile.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen((b, element) -> {
                                    if (element instanceof ClassFileVersion) {
                                        b.withVersion(ClassFile.JAVA_8_VERSION, 0);
                                    } else {
                                        b.with(element);
                                    }
                                }));
                        rewritten++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        if (rewritten == 0) {
            Files.delete(out);
            return 0;
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        return rewritten;
    }
}
