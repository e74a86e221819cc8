package org.ncclkit.cli;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The end of the build's AOT training run (make-aot-cache.sh sets {@code NCCLKIT_AOT_TRAINING}): the training cannot
 * run a collective without a GPU, so it stops at the CUDA lookup, and every class a real run loads after that
 * (the benchmark, the checks, the report, JSON and SQLite for the history) would be read and verified from the jars at
 * each start. Loading them here puts them in the cache.
 */
final class AotTraining {
    private static final String VARIABLE = "NCCLKIT_AOT_TRAINING";
    /** The packages whose classes a run loads: ncclkit's own, and the JSON and SQLite libraries it uses. */
    private static final List<String> PACKAGES = List.of("org/ncclkit/", "tools/jackson/", "com/fasterxml/jackson/", "org/sqlite/");

    private AotTraining() {
    }

    /** Loads the classes of {@link #PACKAGES} from the class path when this is the training run; else nothing. */
    static void loadClassesIfTraining(Map<String, String> environment) {
        if (environment.get(VARIABLE) == null) {
            return;
        }
        ClassLoader loader = AotTraining.class.getClassLoader();
        for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
            try (JarFile jar = new JarFile(path)) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".class") && !name.contains("-") && PACKAGES.stream().anyMatch(name::startsWith)) {
                        load(loader, name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            } catch (IOException e) {
                // not a jar (a build tree's classes directory): nothing to load from it
            }
        }
    }

    private static void load(ClassLoader loader, String className) {
        try {
            Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError optionalDependencyMissing) {
            // a class that needs a library the bundle leaves out (Jackson's optional modules): it never runs either
        }
    }
}
