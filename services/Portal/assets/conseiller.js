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
            banner.textContent = `Appel entrant (${at}) : l'appelant correspond à un usager par une identité déclarée, à vérifier. Aucun historique n'est ouvert avant vérification de son identité.`;
            banner.dataset.claim = 'true';
            history.innerHTML = '';
            const verify = document.createElement('button');
            verify.type = 'button';
            verify.className = 'verifier';
            verify.dataset.testid = 'verifier-identite';
            verify.textContent = "J'ai vérifié l'identité de l'appelant";
            verify.addEventListener('click', async () => {
                verify.disabled = true;
                const answer = await fetch(`/api/v1/screen-pops/${encodeURIComponent(call.callId)}/identity-verified`, {
                    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}',
                });
                if (!answer.ok) {
                    verify.disabled = false;
                    banner.append(` La vérification n'a pas pu être enregistrée (${answer.status}).`);
                    return;
                }

                const receipt = await answer.json();
                banner.textContent = `Appel entrant (${at}) : identité vérifiée et enregistrée au journal ; historique de l'usager affiché ci-dessous.`;
                delete banner.dataset.claim;
                await show(receipt.personId, 'identity-verified', at);
            });
            banner.append(' ', verify);
            return;
        }

        delete banner.dataset.claim;
        if (!call.personId) {
            banner.textContent = `Appel entrant (${at}) : appelant inconnu, aucun historique.`;
            return;
        }

        banner.textContent = `Appel entrant (${at}) : historique de l'appelant affiché ci-dessous.`;
        await show(call.personId, 'incoming-call', at);
    });

    async function show(personId, reason, at) {
        const response = await fetch(`/conseiller/historique?personne=${encodeURIComponent(personId)}&raison=${reason}`, { credentials: 'same-origin' });
        if (response.ok) {
            history.innerHTML = await response.text();
        } else {
            banner.textContent = `Appel entrant (${at}) : l'historique n'a pas pu être chargé (${response.status}).`;
        }
    }
})();
