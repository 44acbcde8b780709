// The advisor's screen-pop: listens for the calls this advisor answers and shows the caller's history
// without reloading the page. The history fragment is fetched, and audited, as an "incoming call".
(function () {
    const root = document.querySelector('[data-screen-pop]');
    const banner = document.getElementById('appel');
    const history = document.getElementById('historique');
    if (!root || !window.EventSource) {
        return;
    }

    const source = new EventSource('/api/v1/screen-pops');
    source.addEventListener('ready', () => { root.dataset.screenPop = 'ready'; });
    source.onerror = () => { root.dataset.screenPop = 'reconnecting'; };
    source.addEventListener('call-answered', async (event) => {
        const call = JSON.parse(event.data);
        const at = new Date(call.at).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
        banner.hidden = false;
        if (call.claims && call.claims.length > 0) {
            // The caller declared an identifier someone else holds (a tax number keyed on the menu): no history
            // opens, neither theirs nor the claimed person's, until the advisor has verified who is calling.
            banner.textContent = `Appel entrant (${at}) : l'appelant se déclare comme un autre usager (identité déclarée, à vérifier). Aucun historique n'est ouvert avant vérification de son identité.`;
            banner.dataset.claim = 'true';
            history.innerHTML = '';
            return;
        }

        delete banner.dataset.claim;
        if (!call.personId) {
            banner.textContent = `Appel entrant (${at}) : appelant inconnu, aucun historique.`;
            return;
        }

        banner.textContent = `Appel entrant (${at}) : historique de l'appelant affiché ci-dessous.`;
        const response = await fetch(`/conseiller/historique?personne=${encodeURIComponent(call.personId)}&raison=incoming-call`, { credentials: 'same-origin' });
        if (response.ok) {
            history.innerHTML = await response.text();
        } else {
            banner.textContent = `Appel entrant (${at}) : l'historique n'a pas pu être chargé (${response.status}).`;
        }
    });
})();
