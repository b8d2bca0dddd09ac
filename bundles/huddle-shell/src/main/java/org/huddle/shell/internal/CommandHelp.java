package org.huddle.shell.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;

import org.apache.felix.service.command.Descriptor;

/**
 * Usage text of a command, taken from its {@link Descriptor}s. Gogo's {@code help} reads those itself;
 * Karaf's {@code help chat:say} instead runs {@code chat:say --help}, so each command answers
 * {@code --help} (or {@code -h}) with this text rather than taking it as a room, a handle or words to say.
 */
final class CommandHelp {

    private CommandHelp() {
    }

    static boolean isRequest(String[] args) {
        return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
    }

    static String of(Class<?> commands, String scope, String name) {
        Method method = Arrays.stream(commands.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no command " + name));
        StringBuilder text = new StringBuilder(scope + ":" + name);
        Descriptor what = method.getAnnotation(Descriptor.class);
        if (what != null) {
            text.append(" - ").append(what.value());
        }
        for (Parameter p : method.getParameters()) {
            Descriptor d = p.getAnnotation(Descriptor.class);
            org.apache.felix.service.command.Parameter option = p.getAnnotation(org.apache.felix.service.command.Parameter.class);
            if (d != null || option != null) {
                text.append(System.lineSeparator()).append("   ");
                if (option != null) {
                    text.append(String.join("|", option.names())).append(p.getType() == boolean.class ? "" : " <value>")
                            .append(": ");
                }
                text.append(d == null ? "" : d.value());
            }
        }
        return text.toString();
    }
}
