/** A text field of a submitted form, "" when it is absent (FormData types every field as string or File). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
