"""The publisher's back office: a government's own catalogue apps, their drafts, previews,
publishing, sharing policy, deprecation and who adopted them. Served on the publisher's own
subdomain under /gestion/publicacion/."""
