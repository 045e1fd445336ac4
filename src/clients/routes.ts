/** Fills `{name}` placeholders of a route template, e.g. `/slow?ms={ms}`. Pure. */
export function expandTemplate(template: string, values: Record<string, number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(String(values[name])) : whole,
  );
}
