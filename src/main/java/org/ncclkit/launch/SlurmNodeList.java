package org.ncclkit.launch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands Slurm's compressed host lists, as {@code scontrol show hostnames} does: {@code node[01-16]},
 * {@code a[1-3,7],b5}, {@code gpu-[001-004]-x}, {@code rack[1-2]-n[1-2]} (every combination, the first group varying
 * slowest). A range keeps the zero padding of its lower bound. {@link #compress} goes the other way, as
 * {@code scontrol show hostlist} does.
 */
public final class SlurmNodeList {
    /** More names than this is a typo (a missing bracket or digit), not a cluster. */
    static final int MAX_HOSTS = 100_000;

    private SlurmNodeList() {
    }

    /** The host names, in order; a malformed list is an {@link IllegalArgumentException} naming it and the problem. */
    public static List<String> expand(String list) {
        List<String> hosts = new ArrayList<>();
        for (String item : splitTopLevel(list)) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException("host list '" + list + "' has an empty name");
            }
            hosts.addAll(expandItem(item, list));
            if (hosts.size() > MAX_HOSTS) {
                throw new IllegalArgumentException("host list '" + list + "' expands to more than " + MAX_HOSTS + " names");
            }
        }
        return hosts;
    }

    /**
     * The names as one Slurm host list: names that differ only in a trailing number share a bracket
     * ({@code node01,node02,node03,login} is {@code node[01-03],login}). Groups keep the order of their first name;
     * numbers inside a group are sorted. {@link #expand} gives the names back.
     */
    public static String compress(List<String> names) {
        Map<String, List<String>> numbersByPrefix = new LinkedHashMap<>();
        for (String name : names) {
            int digits = name.length();
            while (digits > 0 && Character.isDigit(name.charAt(digits - 1))) {
                digits--;
            }
            String prefix = name.substring(0, digits);
            String number = name.substring(digits);
            List<String> numbers = numbersByPrefix.computeIfAbsent(number.isEmpty() ? name : prefix + "[", key -> new ArrayList<>());
            if (!number.isEmpty()) {
                numbers.add(number);
            }
        }
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : numbersByPrefix.entrySet()) {
            List<String> numbers = group.getValue();
            if (numbers.isEmpty()) {
                items.add(group.getKey());
            } else if (numbers.size() == 1) {
                items.add(group.getKey().substring(0, group.getKey().length() - 1) + numbers.getFirst());
            } else {
                items.add(group.getKey() + String.join(",", ranges(numbers)) + "]");
            }
        }
        return String.join(",", items);
    }

    /** Sorted numbers as ranges, each range written with the padding of its lower bound. */
    private static List<String> ranges(List<String> numbers) {
        List<String> sorted = numbers.stream().distinct()
                .sorted(Comparator.comparingLong((String number) -> Long.parseLong(number)).thenComparingInt(String::length))
                .toList();
        List<String> ranges = new ArrayList<>();
        int start = 0;
        while (start < sorted.size()) {
            String low = sorted.get(start);
            int width = low.length() > 1 && low.startsWith("0") ? low.length() : 0;
            int end = start;
            while (end + 1 < sorted.size()
                    && Long.parseLong(sorted.get(end + 1)) == Long.parseLong(sorted.get(end)) + 1
                    && format(Long.parseLong(sorted.get(end + 1)), width).equals(sorted.get(end + 1))) {
                end++;
            }
            ranges.add(end == start ? low : low + "-" + sorted.get(end));
            start = end + 1;
        }
        return ranges;
    }

    private static String format(long number, int width) {
        return width == 0 ? Long.toString(number) : String.format("%0" + width + "d", number);
    }

    /** Splits at the commas that are not inside brackets. */
    static List<String> splitTopLevel(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '[') {
                if (++depth > 1) {
                    throw new IllegalArgumentException("host list '" + list + "' has a '[' inside brackets");
                }
            } else if (c == ']') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("host list '" + list + "' has a ']' without its '['");
                }
            } else if (c == ',' && depth == 0) {
                items.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("host list '" + list + "' has a '[' without its ']'");
        }
        items.add(list.substring(start).strip());
        return items;
    }

    private static List<String> expandItem(String item, String list) {
        int open = item.indexOf('[');
        if (open < 0) {
            checkName(item, list);
            return List.of(item);
        }
        int close = item.indexOf(']', open);
        String prefix = item.substring(0, open);
        checkName(prefix, list);
        List<String> suffixes = expandItem(item.substring(close + 1), list);
        List<String> names = new ArrayList<>();
        for (String number : ranges(item.substring(open + 1, close), list)) {
            for (String suffix : suffixes) {
                names.add(prefix + number + suffix);
                if (names.size() > MAX_HOSTS) {
                    throw new IllegalArgumentException("host list '" + list + "' expands to more than " + MAX_HOSTS + " names");
                }
            }
        }
        return names;
    }

    /** The numbers of one bracket group: {@code 01-03,7} is 01, 02, 03, 7. */
    private static List<String> ranges(String group, String list) {
        List<String> numbers = new ArrayList<>();
        for (String part : group.split(",", -1)) {
            String range = part.strip();
            int dash = range.indexOf('-');
            String low = dash < 0 ? range : range.substring(0, dash);
            String high = dash < 0 ? range : range.substring(dash + 1);
            if (!low.matches("\\d{1,9}") || !high.matches("\\d{1,9}")) {
                throw new IllegalArgumentException("host list '" + list + "' has '[" + group + "]': '" + part
                        + "' is not a number or a range like 01-16");
            }
            long from = Long.parseLong(low);
            long to = Long.parseLong(high);
            if (to < from) {
                throw new IllegalArgumentException("host list '" + list + "' has the range " + range + ", which runs backwards");
            }
            if (to - from >= MAX_HOSTS) {
                throw new IllegalArgumentException("host list '" + list + "' expands to more than " + MAX_HOSTS + " names");
            }
            int width = low.length() > 1 && low.startsWith("0") ? low.length() : 0;
            for (long n = from; n <= to; n++) {
                numbers.add(width == 0 ? Long.toString(n) : String.format("%0" + width + "d", n));
            }
        }
        return numbers;
    }

    private static void checkName(String part, String list) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
                throw new IllegalArgumentException("host list '" + list + "' has '" + c + "', which is not part of a host name");
            }
        }
    }
}
