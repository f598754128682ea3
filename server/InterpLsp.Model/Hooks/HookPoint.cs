namespace InterpLsp.Model.Hooks;

/// <summary>A named place in the model where activations can be read, with the width of the vector there.
/// Names follow TransformerLens, so that SAELens <c>hook_name</c>s and researchers' code carry over.</summary>
/// <param name="Name">e.g. <c>blocks.3.hook_resid_post</c></param>
/// <param name="Width">dimension of the activation vector at each token</param>
/// <param name="Layer">the block this hook belongs to, or -1 for the embeddings</param>
/// <param name="Description">one line for people</param>
public sealed record HookPoint(string Name, int Width, int Layer, string Description);
