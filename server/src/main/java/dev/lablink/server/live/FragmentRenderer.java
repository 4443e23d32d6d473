package dev.lablink.server.live;

import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** Renders one fragment of a template as a single line of HTML: what an SSE data field can carry. */
@Component
public class FragmentRenderer {
    private final ITemplateEngine templates;
    private final ThymeleafEvaluationContext beans;

    public FragmentRenderer(ITemplateEngine templates, ApplicationContext application) {
        this.templates = templates;
        this.beans = new ThymeleafEvaluationContext(application, null);
    }

    /** Outside a web request, so the fragment's {@code @bean} references get the application context explicitly. */
    public String render(String template, String fragment, Map<String, Object> variables) {
        Context context = new Context();
        context.setVariables(variables);
        context.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME, beans);
        return templates.process(template, Set.of(fragment), context).replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
