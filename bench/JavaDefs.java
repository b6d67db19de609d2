// The Java oracle of bench/context_recall_langs.py: javac's own attribution says what each method needs.
//
// Usage: java -cp <classes> JavaDefs <root> <file-list> [--patch-module <module>]
// Parses and attributes every file of the list (paths relative to root) in one javac task, the files
// patched into their module so they see its internals as they do when the JDK builds them. Prints
// "ready <errors>" once, then for each relative path read from stdin prints one JSON line: the file's
// methods and constructors with a block body (not those of local or anonymous classes), each with its
// lines and what it needs: every identifier and member select javac resolves to a declaration in one of
// the files, that declaration's file and the line of its name. Declarations outside the files (class
// files of the JDK) are counted, not listed. Shares no code with archmem.
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public final class JavaDefs {
    private final Path root;
    private final Trees trees;
    private final SourcePositions positions;
    private final Map<String, CompilationUnitTree> units = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    private JavaDefs(Path root, JavacTask task, Iterable<? extends CompilationUnitTree> parsed) throws IOException {
        this.root = root;
        this.trees = Trees.instance(task);
        this.positions = trees.getSourcePositions();
        for (CompilationUnitTree cu : parsed) {
            String rel = relative(cu);
            units.put(rel, cu);
            texts.put(rel, cu.getSourceFile().getCharContent(true).toString());
        }
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        List<String> rels = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        List<String> options = new ArrayList<>(List.of("-proc:none", "-Xlint:none", "-nowarn", "-implicit:none"));
        if (args.length > 3 && args[2].equals("--patch-module")) {
            options.add("--patch-module");
            options.add(args[3] + "=" + root);
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int[] errors = {0};
        StandardJavaFileManager fm = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        List<Path> paths = new ArrayList<>();
        for (String rel : rels) {
            if (!rel.isBlank()) {
                paths.add(root.resolve(rel));
            }
        }
        Iterable<? extends JavaFileObject> sources = fm.getJavaFileObjectsFromPaths(paths);
        JavacTask task = (JavacTask) compiler.getTask(null, fm, d -> {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors[0]++;
            }
        }, options, null, sources);
        Iterable<? extends CompilationUnitTree> parsed = task.parse();
        task.analyze();
        JavaDefs oracle = new JavaDefs(root, task, parsed);
        System.out.println("ready " + errors[0]);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            System.out.println(oracle.methodsOf(line.strip()));
            System.out.flush();
        }
    }

    private String relative(CompilationUnitTree cu) {
        return root.relativize(Path.of(cu.getSourceFile().toUri()).normalize()).toString().replace('\\', '/');
    }

    private int line(CompilationUnitTree cu, long pos) {
        return (int) cu.getLineMap().getLineNumber(pos);
    }

    /** One JSON array: the methods of the file, each with its lines and its needs. */
    private String methodsOf(String rel) {
        CompilationUnitTree cu = units.get(rel);
        if (cu == null) {
            return "{\"error\": \"not among the compiled files: " + esc(rel) + "\"}";
        }
        StringBuilder out = new StringBuilder("[");
        Deque<String> classes = new ArrayDeque<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitClass(ClassTree node, Void unused) {
                if (node.getSimpleName().length() == 0) {
                    return null; // anonymous: its methods are part of the method around it
                }
                classes.push(node.getSimpleName().toString());
                super.visitClass(node, unused);
                classes.pop();
                return null;
            }

            @Override
            public Void visitMethod(MethodTree node, Void unused) {
                BlockTree body = node.getBody();
                // A constructor javac generates (no source position of its own) is nothing to edit.
                if (body != null && !body.getStatements().isEmpty() && positions.getEndPosition(cu, body) > 0) {
                    if (out.length() > 1) {
                        out.append(",\n");
                    }
                    out.append(method(cu, getCurrentPath(), node, qualname(classes, node)));
                }
                return null; // local classes inside are part of this method
            }
        }.scan(cu, null);
        return out.append("]").toString().replace("\n", "");
    }

    private static String qualname(Deque<String> classes, MethodTree node) {
        List<String> parts = new ArrayList<>(classes);
        java.util.Collections.reverse(parts);
        String name = node.getName().toString();
        parts.add(name.equals("<init>") ? parts.get(parts.size() - 1) : name);
        return String.join(".", parts);
    }

    private String method(CompilationUnitTree cu, TreePath path, MethodTree node, String qualname) {
        BlockTree body = node.getBody();
        List<? extends StatementTree> stmts = body.getStatements();
        int start = line(cu, positions.getStartPosition(cu, node));
        int headerEnd = line(cu, positions.getStartPosition(cu, body));
        int close = line(cu, positions.getEndPosition(cu, body) - 1);
        int last = line(cu, positions.getStartPosition(cu, stmts.get(stmts.size() - 1)));
        Map<String, String> needs = new LinkedHashMap<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree id, Void unused) {
                need(needs, getCurrentPath(), id.getName().toString(), "plain");
                return super.visitIdentifier(id, unused);
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree sel, Void unused) {
                need(needs, getCurrentPath(), sel.getIdentifier().toString(), how(cu, sel));
                return super.visitMemberSelect(sel, unused);
            }
        }.scan(path, null);
        return "{\"qualname\": \"" + esc(qualname) + "\", \"start\": " + start + ", \"headerEnd\": " + headerEnd
                + ", \"close\": " + close + ", \"last\": " + last + ", \"needs\": [" + String.join(", ", needs.values())
                + "]}";
    }

    /** `this.x` and `super.x` go through the own object, `Type.x` is qualified, anything else a typed member. */
    private String how(CompilationUnitTree cu, MemberSelectTree sel) {
        Tree expr = sel.getExpression();
        if (expr instanceof IdentifierTree id) {
            String name = id.getName().toString();
            if (name.equals("this") || name.equals("super")) {
                return "this";
            }
        }
        Element of = trees.getElement(trees.getPath(cu, expr));
        if (of != null && (of.getKind().isClass() || of.getKind().isInterface() || of.getKind() == ElementKind.PACKAGE)) {
            return "qualified";
        }
        return "member";
    }

    private void need(Map<String, String> needs, TreePath at, String name, String how) {
        Element el = trees.getElement(at);
        if (el == null || name.equals("this") || name.equals("super")) {
            return;
        }
        switch (el.getKind()) {
            case PACKAGE, LOCAL_VARIABLE, PARAMETER, EXCEPTION_PARAMETER, RESOURCE_VARIABLE, BINDING_VARIABLE:
                return; // packages are no definitions; the others live inside the method itself
            default:
        }
        String key = name + "\0" + how + "\0" + System.identityHashCode(el);
        if (needs.containsKey(key)) {
            return;
        }
        TreePath decl = trees.getPath(el);
        String site = decl == null ? null : site(decl, el);
        if (site == null) {
            needs.put(key, "{\"name\": \"" + esc(name) + "\", \"how\": \"" + how + "\", \"sites\": [], \"outside\": true}");
            return;
        }
        needs.put(key, "{\"name\": \"" + esc(name) + "\", \"how\": \"" + how + "\", \"sites\": [" + site + "]}");
    }

    /** ["path", line, "what"] of a declaration: the line of its name (after any annotations and modifiers). */
    private String site(TreePath decl, Element el) {
        CompilationUnitTree cu = decl.getCompilationUnit();
        String rel = relative(cu);
        String text = texts.get(rel);
        if (text == null) {
            return null;
        }
        long from = positions.getStartPosition(cu, decl.getLeaf());
        String name = el.getKind() == ElementKind.CONSTRUCTOR
                ? el.getEnclosingElement().getSimpleName().toString()
                : el.getSimpleName().toString();
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(text);
        long at = from >= 0 && m.find((int) from) ? m.start() : from;
        return "[\"" + esc(rel) + "\", " + line(cu, Math.max(at, 0)) + ", \"" + what(el.getKind()) + "\"]";
    }

    private static String what(ElementKind kind) {
        if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
            return "def";
        }
        if (kind.isClass() || kind.isInterface() || kind == ElementKind.TYPE_PARAMETER) {
            return "type";
        }
        return "field or variable";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
