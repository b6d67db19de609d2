"""Members that the recall bench's Java and Rust misses showed archmem losing, on snippets of the real code
(JDK 17's java.util, the syn crate): a nested class's base class, a class whose static initializer names
another class, a statically imported nested type, a base class named bare (not its constructor), and a Rust local bound to a method's declared result (through `?` too)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

# java/util/IdentityHashMap.java: spliterators are nested classes extending a nested base class.
IDENTITY_HASH_MAP = """package java.util;

public class IdentityHashMap<K,V> extends AbstractMap<K,V> {
    transient Object[] table;

    static class IdentityHashMapSpliterator<K,V> {
        final IdentityHashMap<K,V> map;
        int index;             // current index, modified on advance/split
        int fence;             // -1 until first use; then one past last index
        int est;               // size estimate
        int expectedModCount;  // initialized when fence set
    }

    static final class KeySpliterator<K,V>
        extends IdentityHashMapSpliterator<K,V>
        implements Spliterator<K> {
        public boolean tryAdvance(Consumer<? super K> action) {
            Object[] a = map.table;
            while (index < hi) {
                index += 2;
            }
            return false;
        }
    }
}
"""
# java/util/concurrent/locks/LockSupport.java, and LinkedTransferQueue.java whose static initializer names it.
LOCK_SUPPORT = """package java.util.concurrent.locks;

public class LockSupport {
    private LockSupport() {} // Cannot be instantiated.

    public static void unpark(Thread thread) {
    }
}
"""
TRANSFER_QUEUE = """package java.util.concurrent;

import java.util.concurrent.locks.LockSupport;

public class LinkedTransferQueue<E> extends AbstractQueue<E>
    implements TransferQueue<E>, java.io.Serializable {

    static final class Node {
        final boolean tryMatch(Object cmp, Object val) {
            LockSupport.unpark(waiter);
            return true;
        }
    }

    static {
        // Reduce the risk of rare disastrous classloading in first call to
        // LockSupport.park: https://bugs.openjdk.java.net/browse/JDK-8074773
        Class<?> ensureLoaded = LockSupport.class;
    }
}
"""
# java/util/concurrent/Flow.java, and SubmissionPublisher.java which imports its nested interface statically.
FLOW = """package java.util.concurrent;

public final class Flow {
    public static interface Subscriber<T> {
        public void onSubscribe(Subscription subscription);
    }
}
"""
PUBLISHER = """package java.util.concurrent;

import static java.util.concurrent.Flow.Subscriber;

public class SubmissionPublisher<T> {
    static final class BufferedSubscription<T> {
        Subscriber<? super T> subscriber;

        final void consumeSubscribe() {
            Subscriber<? super T> s;
            if ((s = subscriber) != null) // ignore if disabled
                s.onSubscribe(this);
        }
    }
}
"""
# java/util/AbstractMap.java, and ConcurrentSkipListMap.java which extends it and names its nested entry class.
ABSTRACT_MAP = """package java.util;

public abstract class AbstractMap<K,V> implements Map<K,V> {
    protected AbstractMap() {
    }

    public static class SimpleImmutableEntry<K,V> {
        private final K key;
    }
}
"""
SKIP_LIST_MAP = """package java.util.concurrent;

import java.util.AbstractMap;

public class ConcurrentSkipListMap<K,V> extends AbstractMap<K,V> {
    final AbstractMap.SimpleImmutableEntry<K,V> findLastEntry() {
        return new AbstractMap.SimpleImmutableEntry<K,V>(n.key, v);
    }
}
"""
# regex-syntax-0.6.27/src/ast/parse.rs: a local bound with `?` to a method's `Result<Primitive>`.
REGEX_PARSE = """type Result<T> = result::Result<T, ast::Error>;

enum Primitive {
    Literal(ast::Literal),
    Dot(Span),
}

impl Primitive {
    fn span(&self) -> &Span {
        match *self {
            Primitive::Literal(ref x) => &x.span,
            Primitive::Dot(ref span) => span,
        }
    }
}

impl<'s, P: Borrow<Parser>> ParserI<'s, P> {
    fn parse_set_class_range(&self) -> Result<ast::ClassSetItem> {
        let prim1 = self.parse_set_class_item()?;
        self.bump_space();
        let range = ast::ClassSetRange {
            span: Span::new(prim1.span().start, prim2.span().end),
        };
    }

    fn parse_set_class_item(&self) -> Result<Primitive> {
        self.parse_primitive().map(|x| x)
    }
}
"""
# syn-1.0.107/src/buffer.rs and parse.rs: `let cursor = self.cursor();` then `cursor.eof()`.
SYN_BUFFER = """pub struct Cursor<'a> {
    ptr: *const Entry,
}

impl<'a> Cursor<'a> {
    pub fn eof(self) -> bool {
        // We're at eof if we're at the end of our scope.
        self.ptr == self.scope
    }
}
"""
SYN_PARSE = """use crate::buffer::Cursor;

pub struct ParseBuffer<'a> {
    scope: Span,
}

impl<'a> ParseBuffer<'a> {
    pub fn span(&self) -> Span {
        let cursor = self.cursor();
        if cursor.eof() {
            self.scope
        } else {
            crate::buffer::open_span_of_group(cursor)
        }
    }

    pub fn cursor(&self) -> Cursor<'a> {
        self.cell.get()
    }
}
"""


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {
        "java/util/IdentityHashMap.java": IDENTITY_HASH_MAP,
        "java/util/concurrent/locks/LockSupport.java": LOCK_SUPPORT,
        "java/util/concurrent/LinkedTransferQueue.java": TRANSFER_QUEUE,
        "java/util/concurrent/Flow.java": FLOW,
        "java/util/AbstractMap.java": ABSTRACT_MAP,
        "java/util/concurrent/ConcurrentSkipListMap.java": SKIP_LIST_MAP,
        "java/util/concurrent/SubmissionPublisher.java": PUBLISHER,
        "syn/src/lib.rs": "mod buffer;\nmod parse;\n",
        "regex-syntax/src/lib.rs": "mod parse;\n",
        "regex-syntax/src/parse.rs": REGEX_PARSE,
        "syn/src/buffer.rs": SYN_BUFFER,
        "syn/src/parse.rs": SYN_PARSE,
    }
    yield from indexed(Path(tmp_path_factory.mktemp("jdk_crates")), files)


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("map.table", 0, "IdentityHashMap.IdentityHashMapSpliterator.map"),
        ("index < hi", 0, "IdentityHashMap.IdentityHashMapSpliterator.index"),
        ("map.table", 4, "IdentityHashMap.table"),
    ],
)
def test_java_nested_class_sees_the_fields_of_its_nested_base_class(
    memory: Memory, needle: str, offset: int, expected: str
) -> None:
    assert definitions(memory, "java/util/IdentityHashMap.java", needle, offset) == [
        ("java/util/IdentityHashMap.java", expected)
    ]


def test_java_class_named_in_a_static_initializer_is_no_base_class(memory: Memory) -> None:
    path = "java/util/concurrent/LinkedTransferQueue.java"
    lock = "java/util/concurrent/locks/LockSupport.java"
    assert definitions(memory, path, "LockSupport.unpark") == [(lock, "LockSupport")]
    assert definitions(memory, path, "LockSupport.unpark", len("LockSupport.")) == [
        (lock, "LockSupport.unpark")
    ]


def test_java_static_import_of_a_nested_type_leads_into_its_class(memory: Memory) -> None:
    path = "java/util/concurrent/SubmissionPublisher.java"
    flow = "java/util/concurrent/Flow.java"
    assert definitions(memory, path, "Subscriber<? super T> s;") == [(flow, "Flow.Subscriber")]
    assert definitions(memory, path, "onSubscribe(this)") == [(flow, "Flow.Subscriber.onSubscribe")]


def test_java_base_class_named_bare_is_the_class_not_its_constructor(memory: Memory) -> None:
    path = "java/util/concurrent/ConcurrentSkipListMap.java"
    base = "java/util/AbstractMap.java"
    needle = "new AbstractMap.SimpleImmutableEntry"
    assert definitions(memory, path, needle, len("new ")) == [(base, "AbstractMap")]
    assert definitions(memory, path, needle, len("new AbstractMap.")) == [
        (base, "AbstractMap.SimpleImmutableEntry")
    ]


def test_rust_local_bound_to_a_method_result_has_its_declared_type(memory: Memory) -> None:
    assert definitions(memory, "syn/src/parse.rs", "cursor.eof", len("cursor.")) == [
        ("syn/src/buffer.rs", "Cursor.eof")
    ]


def test_rust_question_mark_hands_on_what_a_result_holds(memory: Memory) -> None:
    assert definitions(memory, "regex-syntax/src/parse.rs", "prim1.span()", len("prim1.")) == [
        ("regex-syntax/src/parse.rs", "Primitive.span")
    ]
