package io.volrep.engine.command;

/** A {@link Verb} whose name, syntax and summary are fixed at construction; subclasses give run(). */
public abstract class SimpleVerb implements Verb {
    private final String command;
    private final String verb;
    private final Syntax syntax;
    private final String summary;

    protected SimpleVerb(String command, String verb, Syntax syntax, String summary) {
        this.command = command;
        this.verb = verb;
        this.syntax = syntax;
        this.summary = summary;
    }

    @Override
    public final String command() {
        return command;
    }

    @Override
    public final String verb() {
        return verb;
    }

    @Override
    public final Syntax syntax() {
        return syntax;
    }

    @Override
    public final String summary() {
        return summary;
    }
}
