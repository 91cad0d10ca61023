/** `.yaml` files are Text modules in the bench Worker (latency.wrangler.toml `rules`): the file's text. */
declare module "*.yaml" {
  const text: string;
  export default text;
}
